import type { Verdict } from './closeRules';
import { capText, LIMITS, type VerdictRecord } from './protocol';

/** A verdict made safe to send: reasons capped, exact byte counts kept. */
export function toVerdictRecord(v: Verdict): VerdictRecord {
  const reason = v.reason === null ? null : capText(v.reason, LIMITS.text);
  if (v.ok) {
    return {
      ok: true,
      code: v.code,
      reason,
      reasonBytes: v.reasonBytes,
      wireCode: v.wire.code,
      wireReason: capText(v.wire.reason, LIMITS.text),
    };
  }
  return {
    ok: false,
    errorName: v.errorName,
    message: capText(v.message, LIMITS.text),
    rule: v.rule,
    code: v.code,
    reason,
    reasonBytes: v.reasonBytes,
  };
}
