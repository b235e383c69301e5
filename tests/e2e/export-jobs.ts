import { $$, browser } from '@wdio/globals';
import { answerSaveDialog } from './native-dialog.ts';

/**
 * Answers the save dialog with `target` and waits for the export job it starts (a job this
 * screen did not show before) to end; `whileRunning` acts on that job once it shows.
 */
export async function saveTo(
  target: string,
  {
    replace = false,
    whileRunning,
    timeout = 120_000,
  }: { replace?: boolean; whileRunning?: (job: WebdriverIO.Element) => Promise<unknown>; timeout?: number } = {},
): Promise<{ state: string; text: string; suggested: string; seconds: number }> {
  const jobs = '[data-testid="dataset"] [data-testid="job"]';
  const known = await $$(jobs).map((job) => job.getAttribute('data-job-id'));
  const suggested = await answerSaveDialog(target, replace);
  let job: WebdriverIO.Element | undefined;
  let acted = false;
  await browser.waitUntil(
    async () => {
      for (const candidate of await $$(jobs)) {
        if (!known.includes(await candidate.getAttribute('data-job-id'))) job = candidate;
      }
      if (!job) return false;
      const state = await job.getAttribute('data-state');
      if (state === 'running' && whileRunning && !acted) {
        acted = true;
        await whileRunning(job);
      }
      return state !== 'running';
    },
    { timeout, interval: 250 },
  );
  if (whileRunning && !acted) throw new Error(`the export to ${target} ended before it could be acted on`);
  const ended = job as WebdriverIO.Element;
  return {
    state: (await ended.getAttribute('data-state')) ?? '',
    text: await ended.getText(),
    suggested,
    // How long a finished export took, by the engine's own clock.
    seconds: Number(await ended.getAttribute('data-seconds')),
  };
}
