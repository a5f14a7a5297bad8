import { ReadModelLag } from './read-model-lag';

describe('ReadModelLag', () => {
  it('is 0 when the read models hold the whole log', () => {
    const lag = new ReadModelLag(0);
    lag.committed(0, 4, 1_000);
    expect(lag.secondsBehind(4, 5, 9_000)).toBe(0);
  });

  it('is the age of the oldest batch not yet applied', () => {
    const lag = new ReadModelLag(0);
    lag.committed(0, 4, 1_000);
    lag.committed(5, 9, 3_000);
    lag.committed(10, 10, 6_000);
    expect(lag.secondsBehind(2, 11, 8_000)).toBe(7);
    expect(lag.secondsBehind(4, 11, 8_000)).toBe(5);
    expect(lag.secondsBehind(9, 11, 8_000)).toBe(2);
  });

  it('dates events committed before the process started from its start', () => {
    const lag = new ReadModelLag(500);
    lag.committed(100, 109, 2_000);
    expect(lag.secondsBehind(10, 110, 4_500)).toBe(4);
  });

  it('never understates when batches outnumber what it keeps', () => {
    const lag = new ReadModelLag(0);
    for (let i = 0; i < 20_000; i++) lag.committed(i, i, 1_000 + i);
    expect(lag.secondsBehind(-1, 20_000, 30_000)).toBe(29);
    // Past the kept batches the newest one stands for the rest: older than the truth.
    expect(lag.secondsBehind(15_000, 20_000, 30_000)).toBeGreaterThanOrEqual((30_000 - (1_000 + 15_001)) / 1000);
  });
});
