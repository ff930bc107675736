import { describe, expect, it } from 'vitest';
import { cleanDeep, cleanLine, cleanText, isCleanLine } from './clean.ts';

describe('cleanText', () => {
  it('keeps ordinary text, Cyrillic, newlines and tabs as they are', () => {
    const s = 'Иванова М.П.\tперерыв\nобед';
    expect(cleanText(s)).toBe(s);
  });

  it('removes ANSI colour and cursor sequences whole, not just their ESC', () => {
    expect(cleanText('\u001b[31mred\u001b[0m text\u001b[2J')).toBe('red text');
    expect(cleanText('a\u001b[1;31;40mb')).toBe('ab');
  });

  it('removes OSC sequences (terminal title, hyperlinks) ended by BEL or ST', () => {
    expect(cleanText('x\u001b]0;pwned\u0007y')).toBe('xy');
    expect(cleanText('x\u001b]8;;http://evil\u001b\\link\u001b]8;;\u001b\\y')).toBe('xlinky');
  });

  it('removes other C0, DEL and C1 characters, including the 8-bit CSI', () => {
    expect(cleanText('a\u0000b\u0007c\u0008d\u007fe\u0085f\u009b31mg')).toBe('abcdefg');
    expect(cleanText('bell\u0007')).toBe('bell');
    expect(cleanText('cr\rlf')).toBe('crlf');
  });

  it('removes bidirectional overrides that would show text in another order, and turns Unicode line separators into newlines', () => {
    expect(cleanText('admin\u202Etxt.exe')).toBe('admintxt.exe');
    expect(cleanText('a\u2066b\u2069c')).toBe('abc');
    expect(cleanText('one\u2028two')).toBe('one\ntwo');
  });
});

describe('cleanLine', () => {
  it('turns newlines and tabs into single spaces as well', () => {
    expect(cleanLine('Иванова\n\tМария\u001b[0m')).toBe('Иванова Мария');
    expect(cleanLine('Иванова\u2028Мария')).toBe('Иванова Мария');
  });
});

describe('isCleanLine', () => {
  it('is true exactly when cleanLine would return the text unchanged', () => {
    for (const s of ['Иванова Мария', '223-16', '', 'ООО «Ромашка» — отдел №1', 'a b']) {
      expect(isCleanLine(s)).toBe(true);
      expect(cleanLine(s)).toBe(s);
    }
    for (const s of ['a\tb', 'a\nb', 'a\u001b[31mb', 'a\u0085b', 'a\u202eb', 'a\u2028b', 'a\u007fb', 'a\rb']) {
      expect(isCleanLine(s)).toBe(false);
      expect(cleanLine(s)).not.toBe(s);
    }
  });
});

describe('cleanDeep', () => {
  it('cleans every string and key of a JSON value, and keeps everything else as it is', () => {
    const raw = { 'last\u001b[2Jname': 'Иванова\u001b]0;pwned\u0007', tabN: 7, vac: [{ date: '2026-01-01\n', days: 1.5 }], ok: true, none: null };
    expect(cleanDeep(raw)).toEqual({ lastname: 'Иванова', tabN: 7, vac: [{ date: '2026-01-01 ', days: 1.5 }], ok: true, none: null });
  });

  it('returns clean values themselves, without copying', () => {
    const clean = { a: ['x', { b: 'y' }] };
    expect(cleanDeep(clean)).toBe(clean);
  });

  it('does not recurse without end into a deeply nested value', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 10_000; i++) deep = [deep];
    expect(() => cleanDeep(deep)).not.toThrow();
  });
});
