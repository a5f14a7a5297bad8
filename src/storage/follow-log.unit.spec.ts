import { CommitSignal } from './follow-log';

const never = new AbortController().signal;

it('does not wait when a commit happened after the follower last read', async () => {
  const commits = new CommitSignal();
  const seen = commits.version;
  commits.notify();
  const started = Date.now();
  await commits.wait(seen, 10_000, never);
  expect(Date.now() - started).toBeLessThan(1000);
});

it('wakes every waiter on the next commit', async () => {
  const commits = new CommitSignal();
  const woken: number[] = [];
  const waits = [1, 2, 3].map((n) => commits.wait(commits.version, 10_000, never).then(() => woken.push(n)));
  commits.notify();
  await Promise.all(waits);
  expect(woken.sort()).toEqual([1, 2, 3]);
});

it('gives up waiting after the poll interval, or at once on abort', async () => {
  const commits = new CommitSignal();
  await commits.wait(commits.version, 10, never);
  const controller = new AbortController();
  const waiting = commits.wait(commits.version, 10_000, controller.signal);
  controller.abort();
  await waiting;
  expect(commits.version).toBe(0);
});
