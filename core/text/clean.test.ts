import { describe, expect, it } from 'vitest';
import { cleanLine, cleanText } from './clean.ts';

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
