import { describe, expect, it } from 'vitest';
import { readCsv } from './read-file.ts';

function lines(text: string): string[] {
  const out: string[] = [];
  readCsv(Buffer.from(text), (cells, line) => out.push(`${line}:${String(cells[0])}`));
  return out;
}

describe('readCsv line numbers', () => {
  it('name the line each record starts on with a BOM, quoted separators, and line breaks inside quotes', () => {
    expect(lines('\ufeffid;loc\r\n"a;1";"x,\n y"\r\n\r\nb;2\r\nc;3')).toEqual(['1:id', '2:a;1', '5:b', '6:c']);
  });

  it('count a CRLF inside a quoted value as one line (a file saved with CRLF throughout)', () => {
    // csv-parse counts each such CRLF twice: every later line was reported one too far per break.
    expect(lines('id;loc\r\na;"1\r\n2\r\n3"\r\nb;2\r\n\r\nc;"x\r\ny"\r\nd;4')).toEqual(['1:id', '2:a', '5:b', '7:c', '9:d']);
  });
});
