/**
 * Walks every opcode of a pickle (protocols 0 to 5, as Python's pickletools knows them) with a stack
 * and memo of inert values, to learn every global it names and what it would build, without calling
 * anything. joblib's array bytes are stepped over and its nested pickles (object arrays) walked too.
 */
import { CraneError } from '../../errors.ts';
import { isSafePartialFunction, isSafeUfuncCall, refusalMessage, verdictOf } from '../allow-list.ts';
import { ByteCursor } from './byte-cursor.ts';
import { Machine } from './machine.ts';
import { arrayPayload, NUMPY_ARRAY_WRAPPER, skipArrayBytes } from './joblib-array.ts';
import { readTextFloat, readTextIndex, readTextInt, readTextLong, readTextString, readTextUnicode } from './text-args.ts';
import {
  entryOf,
  isDict,
  kept,
  MAX_KEPT_ITEMS,
  MAX_KEPT_STRING,
  keptString,
  opaque,
  type PyGlobal,
  type PyList,
  type PyObject,
  type PyValue,
} from './values.ts';

/** What a walk learnt; shared by a file's outer pickle and the pickles nested in it. */
export interface PickleFindings {
  /** Every global named, as written (module.qualname), that the allow-list admits, in first-seen order. */
  globals: string[];
  /** Every global (or construct) the allow-list refuses, in first-seen order. */
  refused: string[];
  /** `_sklearn_version` of every state that carries one, in order. */
  sklearnVersions: string[];
  /** Arrays whose bytes joblib wrote after their wrapper (stepped over, never read). */
  joblibArrays: number;
  /** What the outer pickle's STOP returns. */
  top: PyValue;
  /** Where the outer pickle's STOP is (bytes after it are not the pickle's). */
  end: number;
}

/** What the walks of one file collect as they go; Sets keep first-seen order and cost O(1) a name. */
interface Found {
  globals: Set<string>;
  refused: Set<string>;
  sklearnVersions: string[];
  joblibArrays: number;
}

/** Deeper than this, nested pickles (object arrays inside object arrays) are refused as damaged. */
const MAX_NESTING = 8;

const RECONSTRUCTORS = new Set(['copy_reg._reconstructor', 'copyreg._reconstructor']);
const PARTIAL = 'functools.partial';

/** An argument as a refusal names it: a string quoted, a global by name, anything else as "…". */
function argumentText(value: PyValue): string {
  if (typeof value === 'string') return `'${value}'`;
  return typeof value === 'object' && value !== null && value.t === 'global' ? value.name : '…';
}

const textDecoder = new TextDecoder('utf-8');
const latin1 = new TextDecoder('latin1');

/** Walks one pickle from the cursor's position to its STOP. */
class PickleWalk {
  private readonly machine: Machine;

  constructor(
    private readonly cursor: ByteCursor,
    private readonly found: Found,
    private readonly depth: number,
  ) {
    this.machine = new Machine(cursor);
  }

  private global(module: string, qualname: string): PyGlobal {
    const name = `${module}.${qualname}`;
    const verdict = verdictOf(module, qualname);
    const value: PyGlobal = { t: 'global', name };
    if (verdict === 'refused') this.found.refused.add(name);
    else this.found.globals.add(name);
    if (verdict === 'ufunc' || verdict === 'partial') this.machine.guardedUses.set(value, { pushes: 0, calls: 0 });
    return value;
  }

  private refuse(what: string): void {
    this.found.refused.add(what);
  }

  /** A call the pickle would make: REDUCE, NEWOBJ(_EX), OBJ, INST. Only named globals may be called. */
  private call(callable: PyValue, args: PyValue[]): PyObject {
    if (typeof callable !== 'object' || callable === null || callable.t !== 'global') {
      this.refuse('an object the pickle builds, called as a function');
      return { t: 'object', cls: '?', args: kept(args) };
    }
    const uses = this.machine.guardedUses.get(callable);
    if (uses) {
      // Counted either way: a refused call is named on its own, with its arguments.
      uses.calls++;
      const safe = callable.name === PARTIAL ? isSafePartialFunction(args[0]) : isSafeUfuncCall(args[0], args[1]);
      if (!safe) this.refuse(`${callable.name}(${args.map(argumentText).join(', ')})`);
    }
    // Protocols 0 and 1 build an instance as copy_reg._reconstructor(cls, base, state).
    const reconstructed = RECONSTRUCTORS.has(callable.name) ? args[0] : undefined;
    const cls =
      typeof reconstructed === 'object' && reconstructed !== null && reconstructed.t === 'global' ? reconstructed.name : callable.name;
    return { t: 'object', cls, args: kept(args) };
  }

  private build(at: number): void {
    const state = this.machine.pop('BUILD');
    const target = this.machine.top('BUILD');
    if (typeof target !== 'object' || target === null || target.t !== 'object') return;
    target.state = state;
    // A partial's state sets its function anew (partial.__setstate__): the same rule as its call.
    if (target.cls === PARTIAL) {
      const func = typeof state === 'object' && state !== null && state.t === 'tuple' ? state.items[0] : undefined;
      if (!isSafePartialFunction(func)) this.refuse(`${PARTIAL} state binding ${argumentText(func ?? null)}`);
    }
    const version = entryOf(state, '_sklearn_version');
    if (typeof version === 'string') this.found.sklearnVersions.push(version);
    if (target.cls !== NUMPY_ARRAY_WRAPPER) return;
    // joblib's unpickler reads the array right here and puts it in the wrapper's place.
    const payload = arrayPayload(this.cursor, state, at);
    if (payload.kind === 'raw') skipArrayBytes(this.cursor, payload);
    else {
      if (this.depth >= MAX_NESTING) throw this.cursor.corrupt(`object arrays nested more than ${MAX_NESTING} deep`, at);
      const nested = new PickleWalk(this.cursor, this.found, this.depth + 1);
      nested.run();
      nested.finish();
    }
    this.found.joblibArrays++;
    this.machine.pop('BUILD');
    this.machine.push(opaque('a NumPy array'));
  }

  private sequence(t: PyList['t'], items: PyValue[]): PyList {
    return { t, items: kept(items) };
  }

  private extend(target: PyValue, items: PyValue[]): void {
    if (typeof target !== 'object' || target === null) return;
    if (target.t === 'list' || target.t === 'set') {
      const room = Math.max(0, MAX_KEPT_ITEMS - target.items.length);
      target.items.push(...items.slice(0, room));
    }
  }

  private setItems(target: PyValue, items: PyValue[]): void {
    if (items.length % 2 !== 0) throw this.cursor.corrupt('SETITEMS with an odd number of items', this.cursor.pos - 1);
    if (!isDict(target)) return;
    for (let i = 0; i < items.length; i += 2) {
      const key = items[i];
      if (typeof key === 'string' && (target.entries.size < MAX_KEPT_ITEMS || target.entries.has(key)))
        target.entries.set(key, items[i + 1]!);
    }
  }

  private text(view: Uint8Array, decoder: TextDecoder): PyValue {
    return view.length > MAX_KEPT_STRING ? opaque('a long string') : keptString(decoder.decode(view));
  }

  private stackGlobal(): PyGlobal {
    const name = this.machine.pop('STACK_GLOBAL');
    const module = this.machine.pop('STACK_GLOBAL');
    if (typeof module !== 'string' || typeof name !== 'string')
      throw this.cursor.corrupt('STACK_GLOBAL of names that are not strings', this.cursor.pos - 1);
    return this.global(module, name);
  }

  /** Runs to STOP and returns what it would return. */
  run(): PyValue {
    const { cursor, machine: m } = this;
    for (;;) {
      const at = cursor.pos;
      const op = cursor.u8();
      switch (op) {
        case 0x80: {
          const protocol = cursor.u8('PROTO');
          if (protocol > 5) throw cursor.corrupt(`pickle protocol ${protocol}, newer than Python's 5`, at);
          break;
        }
        case 0x95: // FRAME: a length, the frame's opcodes follow as usual
          cursor.u64('FRAME');
          break;
        case 0x2e: // STOP
          return m.pop('STOP');
        case 0x28: // MARK
          m.mark();
          break;
        case 0x30: // POP
          if (m.stack.length > 0) m.stack.pop();
          else m.popMark('POP');
          break;
        case 0x31: // POP_MARK
          m.popMark('POP_MARK');
          break;
        case 0x32: // DUP
          m.push(m.top('DUP'));
          break;
        case 0x4e: // NONE
          m.push(null);
          break;
        case 0x88: // NEWTRUE
          m.push(true);
          break;
        case 0x89: // NEWFALSE
          m.push(false);
          break;
        case 0x49: // INT
          m.push(readTextInt(cursor));
          break;
        case 0x4a: // BININT
          m.push(cursor.i32('BININT'));
          break;
        case 0x4b: // BININT1
          m.push(cursor.u8('BININT1'));
          break;
        case 0x4d: // BININT2
          m.push(cursor.u16('BININT2'));
          break;
        case 0x4c: // LONG
          m.push(readTextLong(cursor));
          break;
        case 0x8a: // LONG1
          m.push(littleLong(cursor.take(cursor.u8('LONG1'), 'LONG1')));
          break;
        case 0x8b: {
          const length = cursor.i32('LONG4');
          if (length < 0) throw cursor.corrupt('LONG4 of a negative length', at);
          m.push(littleLong(cursor.take(length, 'LONG4')));
          break;
        }
        case 0x46: // FLOAT
          m.push(readTextFloat(cursor));
          break;
        case 0x47: // BINFLOAT
          m.push(cursor.f64be('BINFLOAT'));
          break;
        case 0x53: // STRING
          m.push(readTextString(cursor));
          break;
        case 0x54: {
          const length = cursor.i32('BINSTRING');
          if (length < 0) throw cursor.corrupt('BINSTRING of a negative length', at);
          m.push(this.text(cursor.take(length, 'BINSTRING'), latin1));
          break;
        }
        case 0x55: // SHORT_BINSTRING
          m.push(this.text(cursor.take(cursor.u8('SHORT_BINSTRING'), 'SHORT_BINSTRING'), latin1));
          break;
        case 0x56: // UNICODE
          m.push(readTextUnicode(cursor));
          break;
        case 0x58: // BINUNICODE
          m.push(this.text(cursor.take(cursor.u32('BINUNICODE'), 'BINUNICODE'), textDecoder));
          break;
        case 0x8c: // SHORT_BINUNICODE
          m.push(this.text(cursor.take(cursor.u8('SHORT_BINUNICODE'), 'SHORT_BINUNICODE'), textDecoder));
          break;
        case 0x8d: // BINUNICODE8
          m.push(this.text(cursor.take(cursor.u64('BINUNICODE8'), 'BINUNICODE8'), textDecoder));
          break;
        case 0x42: // BINBYTES
          m.push({ t: 'bytes', view: cursor.take(cursor.u32('BINBYTES'), 'BINBYTES') });
          break;
        case 0x43: // SHORT_BINBYTES
          m.push({ t: 'bytes', view: cursor.take(cursor.u8('SHORT_BINBYTES'), 'SHORT_BINBYTES') });
          break;
        case 0x8e: // BINBYTES8
          m.push({ t: 'bytes', view: cursor.take(cursor.u64('BINBYTES8'), 'BINBYTES8') });
          break;
        case 0x96: // BYTEARRAY8
          m.push({ t: 'bytes', view: cursor.take(cursor.u64('BYTEARRAY8'), 'BYTEARRAY8') });
          break;
        case 0x97: // NEXT_BUFFER: out-of-band data a file cannot carry
          m.push(opaque('an out-of-band buffer'));
          break;
        case 0x98: // READONLY_BUFFER
          m.top('READONLY_BUFFER');
          break;
        case 0x29: // EMPTY_TUPLE
          m.push(this.sequence('tuple', []));
          break;
        case 0x74: // TUPLE
          m.push(this.sequence('tuple', m.popMark('TUPLE')));
          break;
        case 0x85: // TUPLE1
          m.push(this.sequence('tuple', [m.pop('TUPLE1')]));
          break;
        case 0x86: {
          const second = m.pop('TUPLE2');
          m.push(this.sequence('tuple', [m.pop('TUPLE2'), second]));
          break;
        }
        case 0x87: {
          const third = m.pop('TUPLE3');
          const second = m.pop('TUPLE3');
          m.push(this.sequence('tuple', [m.pop('TUPLE3'), second, third]));
          break;
        }
        case 0x5d: // EMPTY_LIST
          m.push(this.sequence('list', []));
          break;
        case 0x6c: // LIST
          m.push(this.sequence('list', m.popMark('LIST')));
          break;
        case 0x61: {
          const item = m.pop('APPEND');
          this.extend(m.top('APPEND'), [item]);
          break;
        }
        case 0x65: {
          const items = m.popMark('APPENDS');
          this.extend(m.top('APPENDS'), items);
          break;
        }
        case 0x7d: // EMPTY_DICT
          m.push({ t: 'dict', entries: new Map() });
          break;
        case 0x64: {
          const dict: PyValue = { t: 'dict', entries: new Map() };
          this.setItems(dict, m.popMark('DICT'));
          m.push(dict);
          break;
        }
        case 0x73: {
          const value = m.pop('SETITEM');
          const key = m.pop('SETITEM');
          this.setItems(m.top('SETITEM'), [key, value]);
          break;
        }
        case 0x75: {
          const items = m.popMark('SETITEMS');
          this.setItems(m.top('SETITEMS'), items);
          break;
        }
        case 0x8f: // EMPTY_SET
          m.push(this.sequence('set', []));
          break;
        case 0x90: {
          const items = m.popMark('ADDITEMS');
          this.extend(m.top('ADDITEMS'), items);
          break;
        }
        case 0x91: // FROZENSET
          m.push(this.sequence('set', m.popMark('FROZENSET')));
          break;
        case 0x67: // GET
          m.push(m.memoGet(readTextIndex(cursor)));
          break;
        case 0x68: // BINGET
          m.push(m.memoGet(cursor.u8('BINGET')));
          break;
        case 0x6a: // LONG_BINGET
          m.push(m.memoGet(cursor.u32('LONG_BINGET')));
          break;
        case 0x70: // PUT
          m.memo.set(readTextIndex(cursor), m.top('PUT'));
          break;
        case 0x71: // BINPUT
          m.memo.set(cursor.u8('BINPUT'), m.top('BINPUT'));
          break;
        case 0x72: // LONG_BINPUT
          m.memo.set(cursor.u32('LONG_BINPUT'), m.top('LONG_BINPUT'));
          break;
        case 0x94: // MEMOIZE
          m.memo.set(m.memo.size, m.top('MEMOIZE'));
          break;
        case 0x63: {
          const module = cursor.line('GLOBAL');
          m.push(this.global(module, cursor.line('GLOBAL')));
          break;
        }
        case 0x93: // STACK_GLOBAL
          m.push(this.stackGlobal());
          break;
        case 0x69: {
          const module = cursor.line('INST');
          const cls = this.global(module, cursor.line('INST'));
          m.push(this.call(cls, m.popMark('INST')));
          break;
        }
        case 0x6f: {
          const [cls = null, ...args] = m.popMark('OBJ');
          m.push(this.call(cls, args));
          break;
        }
        case 0x52: {
          const args = m.pop('REDUCE');
          const callable = m.pop('REDUCE');
          m.push(this.call(callable, argsOf(args)));
          break;
        }
        case 0x81: {
          const args = m.pop('NEWOBJ');
          m.push(this.call(m.pop('NEWOBJ'), argsOf(args)));
          break;
        }
        case 0x92: {
          m.pop('NEWOBJ_EX');
          const args = m.pop('NEWOBJ_EX');
          m.push(this.call(m.pop('NEWOBJ_EX'), argsOf(args)));
          break;
        }
        case 0x62: // BUILD
          this.build(at);
          break;
        case 0x50: // PERSID
          cursor.line('PERSID');
          this.refuse('a persistent ID (persistent_load)');
          m.push(opaque('a persistent object'));
          break;
        case 0x51: // BINPERSID
          m.pop('BINPERSID');
          this.refuse('a persistent ID (persistent_load)');
          m.push(opaque('a persistent object'));
          break;
        case 0x82:
        case 0x83:
        case 0x84: {
          const code = op === 0x82 ? cursor.u8('EXT1') : op === 0x83 ? cursor.u16('EXT2') : cursor.i32('EXT4');
          this.refuse(`the copyreg extension registry (code ${code})`);
          m.push(opaque('an extension'));
          break;
        }
        default:
          throw cursor.corrupt(`unknown opcode 0x${op.toString(16).padStart(2, '0')}`, at);
      }
    }
  }

  /** Refuses `_ufunc_reconstruct` and `functools.partial` used other than as a call (handed around, they escape its check). */
  finish(): void {
    for (const [global, uses] of this.machine.guardedUses) {
      if (uses.pushes > uses.calls) this.refuse(global.name);
    }
  }
}

/** REDUCE's and NEWOBJ's arguments come as one tuple. */
function argsOf(args: PyValue): PyValue[] {
  return typeof args === 'object' && args !== null && args.t === 'tuple' ? args.items : [];
}

/** A little-endian two's complement integer (LONG1/LONG4); past 6 bytes it is only known to be big. */
function littleLong(view: Uint8Array): PyValue {
  if (view.length === 0) return 0;
  if (view.length > 6) return opaque('a big integer');
  let value = 0;
  for (let i = view.length - 1; i >= 0; i--) value = value * 256 + view[i]!;
  return view[view.length - 1]! >= 0x80 ? value - 2 ** (8 * view.length) : value;
}

/**
 * Walks one pickle (and the pickles joblib nests in it) from the start of `bytes`, calling nothing.
 * Throws ModelCorruptError ("not a complete pickle", with the offset) for damaged or truncated bytes;
 * refused globals are returned in `refused`, for the caller to refuse the file naming them all.
 * @example scanPickle(bytes, 'model.pkl').globals // ['sklearn.pipeline.Pipeline', …]
 */
export function scanPickle(bytes: Uint8Array, source: string, label = ''): PickleFindings {
  const found: Found = { globals: new Set(), refused: new Set(), sklearnVersions: [], joblibArrays: 0 };
  const cursor = new ByteCursor(bytes, source, label);
  const walk = new PickleWalk(cursor, found, 0);
  let top: PyValue;
  try {
    top = walk.run();
  } catch (error) {
    // A damaged pickle that names refused code is refused for that, not merely called damaged.
    if (found.refused.size > 0 && error instanceof CraneError) {
      throw new CraneError('UNSAFE_MODEL', `${refusalMessage(source, [...found.refused])} (It is damaged too: ${error.message})`);
    }
    throw error;
  }
  walk.finish();
  return { ...found, globals: [...found.globals], refused: [...found.refused], top, end: cursor.pos };
}
