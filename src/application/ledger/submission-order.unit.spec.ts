import { SubmissionOrder } from './submission-order';

describe('SubmissionOrder', () => {
  it('runs actions in the order their places were taken, whatever order they are filled in', () => {
    const order = new SubmissionOrder();
    const ran: number[] = [];
    const places = [0, 1, 2, 3].map(() => order.reserve());
    places[2]!(() => ran.push(2));
    places[1]!(() => ran.push(1));
    expect(ran).toEqual([]);
    expect(order.length).toBe(4);
    places[0]!(() => ran.push(0));
    expect(ran).toEqual([0, 1, 2]);
    places[3]!(() => ran.push(3));
    expect(ran).toEqual([0, 1, 2, 3]);
    expect(order.length).toBe(0);
  });

  it('runs a place filled at once when nothing is ahead of it', () => {
    const order = new SubmissionOrder();
    let ran = false;
    order.reserve()(() => {
      ran = true;
    });
    expect(ran).toBe(true);
  });

  it('keeps a place taken while an action runs behind the ones already in line', () => {
    const order = new SubmissionOrder();
    const ran: string[] = [];
    const first = order.reserve();
    const second = order.reserve();
    let late: ((action: () => void) => void) | undefined;
    second(() => ran.push('second'));
    first(() => {
      ran.push('first');
      late = order.reserve();
    });
    expect(ran).toEqual(['first', 'second']);
    expect(order.length).toBe(1);
    late!(() => ran.push('late'));
    expect(ran).toEqual(['first', 'second', 'late']);
    expect(order.length).toBe(0);
  });
});
