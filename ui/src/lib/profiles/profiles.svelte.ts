import { backend, type Account, type KeychainStatus, type Profile, type Profiles, type TokenCheck } from '../backend';
import { preferences } from '../preferences/preferences.svelte';
import { report } from '../reports/reports.svelte';

/**
 * The profiles as Rust last answered them, and every change to them: each profile command
 * answers the whole new list, which replaces the one shown.
 */
export class ProfilesState {
  view = $state<Profiles>({ profiles: [], active: null });
  readonly active: Profile | null = $derived(this.view.profiles.find((p) => p.id === this.view.active) ?? null);

  async load(): Promise<Profiles> {
    this.view = await backend.profilesList();
    return this.view;
  }

  apply(next: Profiles): Profiles {
    this.view = next;
    return next;
  }

  // Signing in: the token crosses to Rust once, which holds it until Save or Forget.

  /** Whether APIFY_TOKEN is set; Rust reads it, the page never sees it. */
  envTokenPresent(): Promise<boolean> {
    return backend.envTokenPresent().catch(() => false);
  }

  checkToken(token: string, apiBaseUrl: string | null): Promise<TokenCheck> {
    return backend.tokenCheck(token, apiBaseUrl);
  }

  checkEnvToken(): Promise<TokenCheck> {
    return backend.envTokenCheck();
  }

  /** Forgets the checked token Rust holds; said if it fails, since it would stay a while. */
  async forgetCheckedToken(): Promise<void> {
    await backend.tokenForget().catch(report('Forgetting the checked token'));
  }

  async save(name: string): Promise<Profiles> {
    return this.apply(await backend.profileSave(name));
  }

  async tryWithoutAccount(): Promise<Profiles> {
    return this.apply(await backend.tryWithoutAccount());
  }

  keychainStatus(): Promise<KeychainStatus> {
    return backend.keychainStatus();
  }

  // One profile's changes.

  async replaceToken(id: string): Promise<Profiles> {
    return this.apply(await backend.profileReplaceToken(id));
  }

  async activate(id: string): Promise<Profiles> {
    return this.apply(await backend.profileActivate(id));
  }

  async rename(id: string, name: string): Promise<Profiles> {
    return this.apply(await backend.profileRename(id, name));
  }

  /** Signs out; Rust forgets the drafts typed for that account, and so does the page. */
  async signOut(id: string): Promise<Profiles> {
    const next = this.apply(await backend.profileSignOut(id));
    preferences.forget('drafts');
    return next;
  }

  test(id: string): Promise<Account> {
    return backend.profileTest(id);
  }
}

export const profiles = new ProfilesState();
