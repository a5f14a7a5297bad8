import { Metrics } from '../../src/application/metrics/metrics.service';

test('each Metrics has its own registry, so apps in one process do not share counts', async () => {
  const one = new Metrics();
  const two = new Metrics();
  one.appended(5);
  expect(await one.text()).toContain('writ_appends_total 5');
  expect(await two.text()).toContain('writ_appends_total 0');
});

test('batch sizes fall into buckets that reach past a full 256-statement batch', async () => {
  const metrics = new Metrics();
  metrics.batch(256);
  const text = await metrics.text();
  expect(text).toContain('writ_batch_size_bucket{le="128"} 0');
  expect(text).toContain('writ_batch_size_bucket{le="256"} 1');
});
