/** Data: CSV import with mapping, preview and per-row errors; JSON backup import/export; delete everything. */
import { useId, useState } from 'react';
import type { BackupReport, CsvImportReport, CsvMapping, CsvRowError } from '../../lib/cases/api';
import { errorMessage, useServices } from './services';
import { useAction } from './useAction';
import { csvTemplate, previewCsv } from '../../lib/cases/csv';
import { downloadBackupParts, uploadBackup } from '../../lib/cases/transfer';
import { CSV_FIELDS, guessMapping, readCsvTable, type CsvField, type CsvTable } from './csv';
import { ImportProgressBar, isCancelled, useImportProgress } from './ImportProgressBar';

/** Dry run: every row error the import would report, before anything is written. */
export type CsvChecker = (text: string, mapping: CsvMapping) => CsvRowError[] | Promise<CsvRowError[]>;

/** The store's own check (lib/cases/csv.ts, the same parser `importCsv` runs). */
export const checkCsvWithStoreRules: CsvChecker = (text, mapping) => previewCsv(text, mapping, { rows: 0 }).errors;

/** The mapping the store would use, filled in with our own guesses for headers it does not recognise. */
function initialMapping(text: string, headers: string[]): CsvMapping {
  let store: CsvMapping = {};
  try {
    store = previewCsv(text, {}, { rows: 0 }).mapping;
  } catch {
    // Fall back to our guess alone.
  }
  return { ...guessMapping(headers), ...store };
}

/** Every field, with "" for those shown as "(not in file)": the store imports exactly what the selects show. */
function explicitMapping(m: CsvMapping): CsvMapping {
  return Object.fromEntries(CSV_FIELDS.map(({ field }) => [field, m[field] ?? ''])) as CsvMapping;
}

export function DataSection({ checkCsv = checkCsvWithStoreRules }: { checkCsv?: CsvChecker }) {
  const id = useId();
  return (
    <section aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Data</h2>
      <CsvImport checkCsv={checkCsv} />
      <BackupPanel />
      <DeleteAll />
    </section>
  );
}

async function readFile(file: File): Promise<string> {
  if (typeof file.text === 'function') return file.text();
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result));
    r.onerror = () => reject(r.error ?? new Error('could not read the file'));
    r.readAsText(file);
  });
}

function ErrorTable({ errors, caption }: { errors: CsvRowError[]; caption: string }) {
  return (
    <table className="errors">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Line</th>
          <th scope="col">Column</th>
          <th scope="col">Problem</th>
        </tr>
      </thead>
      <tbody>
        {errors.map((e, i) => (
          <tr key={i}>
            <td>{e.line}</td>
            <td>{e.column ?? '—'}</td>
            <td>{e.message}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function CsvImport({ checkCsv }: { checkCsv?: CsvChecker }) {
  const { api } = useServices();
  const id = useId();
  const { run, error, busy, clear } = useAction();
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [table, setTable] = useState<CsvTable | null>(null);
  const [mapping, setMapping] = useState<CsvMapping>({});
  const [checkErrors, setCheckErrors] = useState<CsvRowError[] | null>(null);
  const [report, setReport] = useState<CsvImportReport | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const progress = useImportProgress(api, jobId);

  const check = async (text: string, m: CsvMapping) => {
    if (!checkCsv) return setCheckErrors(null);
    try {
      setCheckErrors(await checkCsv(text, explicitMapping(m)));
    } catch (err) {
      setCheckErrors([{ line: 1, message: errorMessage(err) }]);
    }
  };

  const onFile = async (f: File | undefined) => {
    clear();
    setReport(null);
    setCheckErrors(null);
    if (!f) return;
    await run(async () => {
      const text = await readFile(f);
      const t = readCsvTable(text);
      if (t.headers.length === 0) throw new Error(`${f.name}: no header row found; the first line must name the columns.`);
      const m = initialMapping(text, t.headers);
      setFile({ name: f.name, text });
      setTable(t);
      setMapping(m);
      await check(text, m);
    });
  };

  const setField = (field: CsvField, header: string) => {
    // "" ("not in file") is kept: the store must not guess a column for that field.
    const next = { ...mapping, [field]: header };
    setMapping(next);
    setReport(null);
    if (file) void check(file.text, next);
  };

  const missing = CSV_FIELDS.filter((f) => f.required && !mapping[f.field]);
  const mappedFields = CSV_FIELDS.filter((f) => mapping[f.field]);

  const doImport = () =>
    file &&
    void run(async () => {
      const job = crypto.randomUUID();
      setJobId(job);
      try {
        setReport(await api.importCsv({ text: file.text, mapping: explicitMapping(mapping), jobId: job }));
      } finally {
        setJobId(null);
      }
    });

  return (
    <section aria-labelledby={`${id}-h`} className="card">
      <h3 id={`${id}-h`}>Import cases from CSV</h3>
      <p className="muted small">
        One case per row. Choose which column holds each field, check the preview, then import. If any row has an
        error, nothing is imported and every problem is listed with its line and column.{' '}
        <a href={`data:text/csv;charset=utf-8,${encodeURIComponent(csvTemplate())}`} download="caselint-cases-template.csv">
          Download a template
        </a>{' '}
        (every column the importer accepts, one example row).
      </p>
      <label htmlFor={`${id}-file`}>Import cases (CSV)</label>
      <input
        id={`${id}-file`}
        type="file"
        accept=".csv,text/csv"
        onChange={(e) => {
          const f = e.target.files?.[0];
          void onFile(f);
        }}
      />
      {table && file ? (
        <>
          <fieldset className="mapping">
            <legend>Columns in {file.name}</legend>
            {CSV_FIELDS.map(({ field, label, required }) => (
              <span className="field" key={field}>
                <label htmlFor={`${id}-map-${field}`}>
                  {label}
                  {required ? ' (required)' : ''}
                </label>
                <select id={`${id}-map-${field}`} value={mapping[field] ?? ''} onChange={(e) => setField(field, e.target.value)}>
                  <option value="">(not in file)</option>
                  {table.headers.map((h) => (
                    <option key={h} value={h}>
                      {h}
                    </option>
                  ))}
                </select>
              </span>
            ))}
          </fieldset>
          {missing.length > 0 ? (
            <p role="alert" className="error">
              Choose a column for {missing.map((m) => m.label).join(' and ')}.
            </p>
          ) : null}
          <div className="table-scroll">
            <table className="preview">
              <caption>
                Preview: first {table.rows.length} of {table.total} {table.total === 1 ? 'row' : 'rows'}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Line</th>
                  {mappedFields.map((f) => (
                    <th scope="col" key={f.field}>
                      {f.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {table.rows.map((row) => (
                  <tr key={row.line}>
                    <td>{row.line}</td>
                    {mappedFields.map((f) => (
                      <td key={f.field}>{row.values[mapping[f.field]!] ?? ''}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {checkErrors && checkErrors.length > 0 ? (
            <div role="alert" className="error">
              <p>
                {checkErrors.length} {checkErrors.length === 1 ? 'problem' : 'problems'} found: fix them in the file
                and choose it again. Nothing will be imported until the file is clean.
              </p>
              <ErrorTable caption="Rows to fix" errors={checkErrors} />
            </div>
          ) : null}
          <button
            type="button"
            disabled={busy || missing.length > 0 || (checkErrors?.length ?? 0) > 0}
            onClick={doImport}
          >
            Import {table.total} {table.total === 1 ? 'row' : 'rows'}
          </button>
        </>
      ) : null}
      {jobId ? (
        <ImportProgressBar label={`Importing ${file?.name ?? 'the file'}`} progress={progress} onCancel={() => void api.importCancel({ id: jobId })} />
      ) : null}
      {isCancelled(error) ? (
        <p role="status" className="ok">
          Import cancelled: nothing was imported, the data is as before.
        </p>
      ) : error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      {report ? (
        report.aborted || report.errors.length > 0 ? (
          <div role="alert" className="error">
            <p>
              Nothing was imported: {report.errors.length} {report.errors.length === 1 ? 'problem' : 'problems'} in{' '}
              {file?.name}. Fix these rows and import again.
            </p>
            <ErrorTable caption="Rows to fix" errors={report.errors} />
          </div>
        ) : (
          <p role="status" className="ok">
            Imported {report.imported} {report.imported === 1 ? 'case' : 'cases'} ({report.customersCreated} new{' '}
            {report.customersCreated === 1 ? 'customer' : 'customers'}).
          </p>
        )
      ) : null}
    </section>
  );
}

function BackupPanel() {
  const { api } = useServices();
  const id = useId();
  const { run, error, busy, clear } = useAction();
  const [done, setDone] = useState<string | null>(null);
  const [job, setJob] = useState<{ id: string; name: string } | null>(null);
  const progress = useImportProgress(api, job?.id ?? null);

  const exportBackup = () =>
    void run(async () => {
      // In slices: a big store's backup does not fit in one extension message (64 MiB).
      const parts = await downloadBackupParts(api);
      const name = `caselint-backup-${new Date().toISOString().slice(0, 10)}.json`;
      const url = URL.createObjectURL(new Blob(parts, { type: 'application/json' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setDone(`Exported ${name}.`);
    });

  const importBackup = async (f: File | undefined) => {
    clear();
    setDone(null);
    if (!f) return;
    await run(async () => {
      const json = await readFile(f);
      try {
        JSON.parse(json);
      } catch (err) {
        throw new Error(`${f.name} is not a Caselint backup: it is not valid JSON (${errorMessage(err)}). Nothing was imported.`);
      }
      let r: BackupReport;
      const importId = crypto.randomUUID();
      setJob({ id: importId, name: f.name });
      try {
        r = await uploadBackup(api, json, { importId });
      } catch (err) {
        throw new Error(`${f.name} was not imported: ${errorMessage(err)}`);
      } finally {
        setJob(null);
      }
      setDone(
        `Imported ${f.name}: ${r.customers} customers, ${r.cases} cases, ${r.notes} notes, ${r.details} details, ${r.interactions} interactions, ${r.promises} promises.`,
      );
    });
  };

  return (
    <section aria-labelledby={`${id}-h`} className="card">
      <h3 id={`${id}-h`}>Backup</h3>
      <p>
        <button type="button" onClick={exportBackup} disabled={busy}>
          Export backup
        </button>
      </p>
      <label htmlFor={`${id}-file`}>Import backup (JSON)</label>
      <input
        id={`${id}-file`}
        type="file"
        accept=".json,application/json"
        onChange={(e) => void importBackup(e.target.files?.[0])}
        disabled={busy}
      />
      {job ? <ImportProgressBar label={`Importing ${job.name}`} progress={progress} onCancel={() => void api.importCancel({ id: job.id })} /> : null}
      {isCancelled(error) ? (
        <p role="status" className="ok">
          Import cancelled: nothing was imported, the data is as before.
        </p>
      ) : error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      {done ? (
        <p role="status" className="ok">
          {done}
        </p>
      ) : null}
    </section>
  );
}

function DeleteAll() {
  const { api } = useServices();
  const id = useId();
  const { run, error, busy } = useAction();
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState(false);
  return (
    <section aria-labelledby={`${id}-h`} className="card danger-zone">
      <h3 id={`${id}-h`}>Delete all data</h3>
      {confirming ? (
        <div role="alertdialog" aria-label="Confirm deleting all data">
          <p>Delete every customer, case, note, detail, interaction and promise? Export a backup first if unsure.</p>
          <button
            type="button"
            className="danger"
            disabled={busy}
            onClick={() =>
              void run(() => api.clearAll()).then((ok) => {
                if (ok) {
                  setConfirming(false);
                  setDone(true);
                }
              })
            }
          >
            Yes, delete all data
          </button>{' '}
          <button type="button" onClick={() => setConfirming(false)} autoFocus>
            Cancel
          </button>
        </div>
      ) : (
        <button type="button" className="danger" onClick={() => { setDone(false); setConfirming(true); }}>
          Delete all data
        </button>
      )}
      {done ? (
        <p role="status" className="ok">
          All case data deleted.
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
    </section>
  );
}
