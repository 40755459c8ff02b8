// The school's referral reasons in the school document: add one, rename it, change its DfE code, archive it.
import type * as Y from 'yjs';
import { mergeCategories, referralCategorySchema, type ReferralCategory, type ReferralCategoryInput } from '../domain/referralCategory';
import { bool, createRecord, createdStamp, parseInput, setFields, stamp, str, strOrNull, type Actor, type RecordCollection } from './records';

const stored = (doc: Y.Doc): RecordCollection => doc.getMap('referralCategories');

/**
 * Saves one reason field by field. A default reason is written only once the school edits it; its id stays the same,
 * so referrals already taken keep pointing at it (and keep the label and code they were taken with).
 */
export function saveReferralCategory(doc: Y.Doc, input: ReferralCategoryInput, actor: Actor): void {
  const category = parseInput(referralCategorySchema, input);
  doc.transact(() => {
    const existing = stored(doc).get(category.id);
    // null cannot be told apart from "unchanged" by setFields: store "no code" as an empty string.
    const fields = { label: category.label, dfeCode: category.dfeCode ?? '', archived: category.archived };
    if (existing) {
      if (setFields(existing, fields)) stamp(existing, actor);
    } else {
      createRecord(stored(doc), category.id, { id: category.id, ...fields, ...createdStamp(actor) });
    }
  });
}

export function projectReferralCategories(doc: Y.Doc): ReferralCategory[] {
  return mergeCategories(
    [...stored(doc).values()].map((c) => ({ id: str(c, 'id'), label: str(c, 'label'), dfeCode: strOrNull(c, 'dfeCode'), archived: bool(c, 'archived') })),
  );
}
