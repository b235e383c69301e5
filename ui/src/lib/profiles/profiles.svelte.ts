import { backend, type Profile, type Profiles } from '../backend';

/** The profiles as Rust last answered them; every profile command's answer replaces them. */
export class ProfilesState {
  view = $state<Profiles>({ profiles: [], active: null });
  readonly active: Profile | null = $derived(this.view.profiles.find((p) => p.id === this.view.active) ?? null);

  async load(): Promise<Profiles> {
    this.view = await backend.profilesList();
    return this.view;
  }

  apply(next: Profiles): void {
    this.view = next;
  }
}

export const profiles = new ProfilesState();
