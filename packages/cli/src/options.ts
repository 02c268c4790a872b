import { ALIAS_PATTERN, InvalidInputError, parseVoteValue, type VoteValue } from '@quorum/core';

/** `a, b,c` → `['a', 'b', 'c']`, each a valid alias. */
export function splitCommaList(value: string, option: string): string[] {
  const items = value.split(',').map((item) => item.trim()).filter((item) => item !== '');
  for (const item of items) {
    if (!ALIAS_PATTERN.test(item)) {
      throw new InvalidInputError(`${option}: "${item}" is not a participant alias; use letters, digits, "-" and "_", starting with a letter`);
    }
  }
  return items;
}

export function parseVoteOption(value: string): VoteValue {
  const vote = parseVoteValue(value);
  if (vote === undefined) throw new InvalidInputError(`--vote ${value} is not a vote; use READY, CHANGES or REJECT`);
  return vote;
}

/** A whole number from 1, for options such as --max-turns. */
export function parsePositiveInteger(option: string): (value: string) => number {
  return (value) => {
    if (!/^\d+$/.test(value.trim()) || Number(value) < 1) throw new InvalidInputError(`${option} must be a whole number from 1, not "${value}"`);
    return Number(value);
  };
}

/** A positive amount, for options such as --max-cost. */
export function parsePositiveNumber(option: string): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (value.trim() === '' || !Number.isFinite(number) || number <= 0) throw new InvalidInputError(`${option} must be a positive number, not "${value}"`);
    return number;
  };
}
