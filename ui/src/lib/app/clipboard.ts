import { backend } from '../backend';

/** Puts text on the system clipboard (through Rust, which WebKit's clipboard may not allow). */
export const copyText = (text: string): Promise<null> => backend.copyText(text);
