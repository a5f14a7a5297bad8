import { logLevelOf } from './log-level';

describe('WRIT_LOG_LEVEL', () => {
  it('defaults to warn and takes any pino level, in any case', () => {
    expect(logLevelOf({})).toBe('warn');
    expect(logLevelOf({ WRIT_LOG_LEVEL: 'INFO' })).toBe('info');
    expect(logLevelOf({ WRIT_LOG_LEVEL: 'silent' })).toBe('silent');
  });
  it('refuses anything else, naming the variable and the levels', () => {
    expect(() => logLevelOf({ WRIT_LOG_LEVEL: 'verbose' })).toThrow(/WRIT_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, not verbose/);
  });
});
