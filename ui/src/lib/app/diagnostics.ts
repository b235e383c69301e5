import { backend, type Diagnostics } from '../backend';

/** What someone helping with a problem asks for: the logs folder and the versions in one block. */
export const openLogsFolder = (): Promise<null> => backend.logsFolderOpen();
export const copyDiagnostics = (): Promise<Diagnostics> => backend.diagnosticsCopy();
/** The folder of Greenroom's settings files, for one that cannot be read. */
export const openSettingsFolder = (): Promise<null> => backend.settingsFolderOpen();
