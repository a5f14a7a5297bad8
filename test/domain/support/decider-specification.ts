// Given / when / then for the decider: given these statements (each must be accepted),
// when this statement, then this event or these refusal codes. A refusal must leave
// the state untouched.
import type { ErrorCode } from '../../../src/errors/codes';
import type { RecordedEvent } from '../../../src/domain';
import type { Command, TestLedger } from './test-ledger';

type Given = Command | ((l: TestLedger) => void);

export interface Then {
  /** Asserts the event decide returns (a subset of fields), records it and returns it. */
  then(expected: { readonly type?: string; readonly stream?: string; readonly result?: unknown }): RecordedEvent;
  /** Asserts the refusal: its first problem's code (and path), and that nothing was written. */
  thenRefused(code: ErrorCode, path?: string): void;
}

export function deciderSpecification(start: () => TestLedger) {
  return {
    given: (...steps: Given[]) => {
      const l = start();
      for (const step of steps) {
        if (typeof step === 'function') step(l);
        else l.must(step);
      }
      return {
        ledger: l,
        when: (command: Command | ((l: TestLedger) => Command)): Then => when(l, typeof command === 'function' ? command(l) : command),
      };
    },
  };
}

function when(l: TestLedger, command: Command): Then {
  return {
    then(expected) {
      const r = l.submit(command);
      if (!r.ok) throw new Error(`expected ${expected.type ?? 'an event'}, refused: ${JSON.stringify(r.problems)}`);
      const { type, stream, result } = r.value;
      expect({ type, stream, ...(expected.result === undefined ? {} : { result }) }).toMatchObject(expected);
      return r.value;
    },
    thenRefused(code, path) {
      const size = l.state.size;
      const r = l.submit(command);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.problems[0]).toMatchObject(path === undefined ? { code } : { code, path });
      expect(l.state.size).toBe(size);
    },
  };
}
