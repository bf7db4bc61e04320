/**
 * The field readers every protocol reader is built from, with the caps a field may reach. A cut
 * value carries the truncation mark, so text caps allow for it.
 */
import { LIMITS, TRUNCATION_MARK } from '../protocolConstants';
import { type Reader, readInt, readNullable, readNumber, readString } from '../validate';
import type { ReadyState } from './events';

export const readSid = readInt(1, Number.MAX_SAFE_INTEGER);
export const readTime = readNumber(0, 1e15);
export const readCount = readInt(0, Number.MAX_SAFE_INTEGER);
export const readRepeat = readInt(1, Number.MAX_SAFE_INTEGER);
export const readText = readString(LIMITS.text + TRUNCATION_MARK.length);
export const readUrl = readString(LIMITS.url + TRUNCATION_MARK.length);
export const readProtocolName = readString(LIMITS.protocol + TRUNCATION_MARK.length);
export const readCode = readInt(0, 65535);
export const readNullableCode = readNullable(readCode);
export const readNullableText = readNullable(readText);
export const readNullableCount = readNullable(readCount);
export const readDocId = readString(64);
export const readTabId = readInt(0, 2 ** 31);
export const readVersion = readInt(0, 1000);
export const readReadyState: Reader<ReadyState> = (v) =>
  v === 0 || v === 1 || v === 2 || v === 3 ? v : undefined;
