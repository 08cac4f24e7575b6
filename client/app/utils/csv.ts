// csv.ts - CSV text built in the browser (templates, rejected rows): RFC 4180 quoting, and a cell
// that a spreadsheet would run as a formula (= + - @, a tab or CR first) starts with ', as the
// server's lead export does (lib/domain/lead_export.c)

/** one cell: neutralised, then quoted when it holds a quote, comma or line break */
export function csvCell(value: unknown): string {
  let s = value === null || value === undefined ? '' : String(value)
  if (/^[=+\-@\t\r]/.test(s))
    s = `'${s}`
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** rows as CSV text, CRLF line ends */
export function csvText(rows: readonly (readonly unknown[])[]): string {
  return rows.map(r => r.map(csvCell).join(',')).join('\r\n') + '\r\n'
}

/** save rows as the file name (UTF-8 with a BOM, so Excel reads accents) */
export function downloadCsv(name: string, rows: readonly (readonly unknown[])[]) {
  const blob = new Blob(['\uFEFF', csvText(rows)], { type: 'text/csv;charset=utf-8' })
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}
