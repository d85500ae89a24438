// Small helpers shared by the list operations.

import { tryParseArmId } from '../../model/armId';

/** "West Europe", "westeurope" and "WESTEUROPE" are the same region. */
export function sameLocation(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) {
    return false;
  }
  const norm = (s: string): string => s.replace(/\s+/g, '').toLowerCase();
  return norm(a) === norm(b);
}

/** Resource group name of an ARM id, or '' when the id has none. */
export function resourceGroupOf(id: string | undefined): string {
  return tryParseArmId(id)?.resourceGroup ?? '';
}
