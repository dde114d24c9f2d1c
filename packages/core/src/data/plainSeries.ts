import { constants } from 'node:buffer';
import { parseDay } from '../util/dates.js';
import { MAX_LINE_LENGTH } from './csv.js';
import { latestObservationDate } from './futureRows.js';
import { PLAIN_NUMBER } from './parseSeries.js';
import type { Series, SeriesMeta } from './series.js';

/**
 * The series of a data file in the normalized layout, read straight from its text: a header
 * `date,close` or `date,value`, then rows `YYYY-MM-DD,<plain number>`, nothing else (no spaces,
 * no blank or extra lines, no third column). Undefined for anything else, and for any row that
 * reading the file through its table would refuse (a date that is not a day, a date not after
 * the previous one, a price that is not positive, a number that is not finite, a date in the
 * future, no rows): then plainCsvTable or readCsv and parseSeries read it, as before, and say
 * what is wrong. On the files it takes, it gives exactly what that path gives (a test compares
 * them) without a string per row and per cell: that path was most of a first run's time
 * (issue 15's cold cache), and nearly every data file, all of those `regime data pull`
 * writes, is in this layout.
 *
 * `metaOf` gives the series' meta from the header, as the table path does.
 */
export function plainSeries(bytes: Uint8Array, metaOf: (header: string[]) => SeriesMeta, now = Date.now()): Series | undefined {
  // Too long for one string (a file read under fingerprints may be): the table path streams it.
  if (bytes.length > MAX_STRING_LENGTH) return undefined;
  // Latin-1 maps bytes to characters one to one; a byte outside the row pattern fails a match.
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
  const head = HEADER.exec(text);
  if (!head) return undefined;
  const meta = metaOf(['date', head[1]]);
  const positive = meta.kind === 'price' || meta.kind === 'index';
  const limit = latestObservationDate(now);
  const capacity = Math.ceil((text.length - head[0].length) / 12); // a row is at least 12 characters
  let dates = new Int32Array(capacity);
  let values = new Float64Array(capacity);
  let count = 0;
  const row = new RegExp(ROW.source, 'y');
  row.lastIndex = head[0].length;
  let at = row.lastIndex;
  let lastDate = '';
  while (at < text.length) {
    if (!row.test(text)) return undefined;
    const end = row.lastIndex;
    let valueEnd = end;
    if (text.charCodeAt(valueEnd - 1) === 10) valueEnd--;
    if (text.charCodeAt(valueEnd - 1) === 13) valueEnd--;
    if (valueEnd - at > MAX_LINE_LENGTH) return undefined; // the table path refuses such a line
    const dateText = text.slice(at, at + 10);
    const day = parseDay(dateText);
    const value = Number(text.slice(at + 11, valueEnd));
    if (day === undefined || !Number.isFinite(value) || (positive && value <= 0) || (count > 0 && day <= dates[count - 1])) return undefined;
    if (count === dates.length) return undefined; // cannot happen (a row is ≥ 12 characters); the table path is always right
    dates[count] = day;
    values[count] = value;
    count++;
    lastDate = dateText;
    at = end;
  }
  // Dates are ascending, so the last one tells whether any is in the future (refuseFutureRows).
  if (count === 0 || lastDate > limit) return undefined;
  if (count < capacity) {
    dates = dates.slice(0, count);
    values = values.slice(0, count);
  }
  return { meta, dates, values };
}

const MAX_STRING_LENGTH = constants.MAX_STRING_LENGTH;

/** The normalized header and its line break. */
const HEADER = /^date,(close|value)(?:\r\n|\r|\n)/;

/**
 * A row: a date-shaped cell, a plain number (parseSeries' PLAIN_NUMBER, without its anchors)
 * and a line break, or the end of the text. A break right before the end ends the last row, as
 * it does for the table.
 */
const ROW = new RegExp(`\\d{4}-\\d{2}-\\d{2},(?:${PLAIN_NUMBER.source.slice(1, -1)})(?:\\r\\n|\\r|\\n|$)`);
