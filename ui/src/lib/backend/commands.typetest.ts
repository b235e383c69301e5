// Checked by svelte-check, never run: each line below must fail to compile. If the generated
// command map stopped typing the facade, a directive would go unused and the check would fail.
import { call } from './index';

// @ts-expect-error a misspelled command name
void call('token_chek', { token: 'x', apiBaseUrl: null });

// @ts-expect-error an argument the command does not take
void call('profile_test', { profileId: 'x' });

// @ts-expect-error a missing argument
void call('profile_rename', { id: 'x' });

// @ts-expect-error a wrong result type: profile_test answers an Account
export const wrongResult: Promise<string> = call('profile_test', { id: 'x' });
