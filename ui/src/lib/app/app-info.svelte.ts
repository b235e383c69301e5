import { backend, type AppInfo } from '../backend';

/** The app's name, version and default API server, once Rust has said them. */
class AppInfoState {
  info = $state<AppInfo | null>(null);

  async load(): Promise<void> {
    this.info = await backend.appInfo();
  }
}

export const appInfo = new AppInfoState();
