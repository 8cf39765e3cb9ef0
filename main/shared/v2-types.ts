/** CraneML dtypes and V2 protocol datatypes, both ways, and which request datatypes an input accepts. */
import type { DType } from './manifest-schema.ts';
import type { V2Datatype } from './http-contract.ts';

const TO_V2: Record<DType, V2Datatype> = {
  float32: 'FP32',
  float64: 'FP64',
  float16: 'FP16',
  int8: 'INT8',
  int16: 'INT16',
  int32: 'INT32',
  int64: 'INT64',
  uint8: 'UINT8',
  uint16: 'UINT16',
  uint32: 'UINT32',
  uint64: 'UINT64',
  bool: 'BOOL',
  string: 'BYTES',
};

const FROM_V2 = Object.fromEntries(Object.entries(TO_V2).map(([dtype, datatype]) => [datatype, dtype])) as Record<V2Datatype, DType>;

/** @example dtypeOf('INT64') // 'int64' */
export function dtypeOf(datatype: V2Datatype): DType {
  return FROM_V2[datatype];
}

/** @example v2Datatype('float32') // 'FP32' */
export function v2Datatype(dtype: DType): V2Datatype {
  return TO_V2[dtype];
}

/**
 * Whether data sent as `datatype` can feed an input of `dtype`: the same type, or numbers for a
 * numeric input (values are then converted and range-checked, e.g. FP64 data for an FP32 input).
 */
export function acceptsDatatype(dtype: DType, datatype: V2Datatype): boolean {
  const own = TO_V2[dtype];
  if (own === datatype) return true;
  const numeric = (d: V2Datatype): boolean => d !== 'BOOL' && d !== 'BYTES';
  return numeric(own) && numeric(datatype);
}
