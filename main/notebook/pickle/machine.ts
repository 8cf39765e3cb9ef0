/** A pickle's stack, memo and marks as Python's Unpickler keeps them, holding inert values (values.ts). */
import type { ByteCursor } from './byte-cursor.ts';
import type { PyGlobal, PyValue } from './values.ts';

const MARK: unique symbol = Symbol('mark');
type Slot = PyValue | typeof MARK;

/** One pickle's stack, memo and marks, as Python's Unpickler keeps them. */
export class Machine {
  stack: Slot[] = [];
  private readonly marks: Slot[][] = [];
  readonly memo = new Map<number, PyValue>();
  /** Uses of the globals allowed only in a call (`_ufunc_reconstruct`, `functools.partial`): pushes, and the calls among them. */
  readonly guardedUses = new Map<PyGlobal, { pushes: number; calls: number }>();

  constructor(private readonly cursor: ByteCursor) {}

  push(value: PyValue): void {
    this.stack.push(value);
    const uses = typeof value === 'object' && value !== null && value.t === 'global' ? this.guardedUses.get(value) : undefined;
    if (uses) uses.pushes++;
  }

  pop(what: string): PyValue {
    const value = this.stack.pop();
    if (value === undefined) throw this.cursor.corrupt(`${what} on an empty stack`, this.cursor.pos - 1);
    if (value === MARK) throw this.cursor.corrupt(`${what} found a MARK`, this.cursor.pos - 1);
    return value;
  }

  top(what: string): PyValue {
    const value = this.stack[this.stack.length - 1];
    if (value === undefined || value === MARK) throw this.cursor.corrupt(`${what} on an empty stack`, this.cursor.pos - 1);
    return value;
  }

  mark(): void {
    this.marks.push(this.stack);
    this.stack = [];
  }

  /** The items pushed since the last MARK, which is removed. */
  popMark(what: string): PyValue[] {
    const items = this.stack;
    const previous = this.marks.pop();
    if (!previous) throw this.cursor.corrupt(`${what} without a MARK`, this.cursor.pos - 1);
    this.stack = previous;
    return items as PyValue[];
  }

  memoGet(index: number): PyValue {
    const value = this.memo.get(index);
    if (value === undefined) throw this.cursor.corrupt(`a memo entry ${index} that was never stored`, this.cursor.pos - 1);
    return value;
  }
}
