import '@utrecht/design-tokens/dist/index.css'
import '@utrecht/component-library-css/dist/index.css'
import './page.css'
import { useId, type ReactNode, type SelectHTMLAttributes } from 'react'

// Thin React wrappers around the NL Design System's Utrecht components (their CSS classes and
// design tokens): the markup each component's documentation prescribes, no styling of our own
// beyond layout (page.css).

export function Page({
  title,
  subtitle,
  children,
}: {
  title: string
  subtitle?: string
  children: ReactNode
}) {
  return (
    <div className="utrecht-page">
      <a className="utrecht-skip-link utrecht-skip-link--visible-on-focus" href="#inhoud">
        Direct naar de inhoud
      </a>
      <header className="utrecht-page-header">
        <div className="utrecht-page-header__content">
          <p className="utrecht-paragraph app-kop__regio">Twents model · 14 Twentse gemeenten</p>
        </div>
      </header>
      <main className="utrecht-page-content" id="inhoud" tabIndex={-1}>
        <div className="utrecht-page-content__main">
          <h1 className="utrecht-heading-1">{title}</h1>
          {subtitle && <p className="utrecht-paragraph utrecht-paragraph--lead">{subtitle}</p>}
          {children}
        </div>
      </main>
      <footer className="utrecht-page-footer">
        <div className="utrecht-page-footer__content">
          <p className="utrecht-paragraph">
            Samenwerkende gemeenten in Twente. Alle gegevens in deze demo zijn verzonnen.
          </p>
        </div>
      </footer>
    </div>
  )
}

export const Heading2 = ({ children, id }: { children: ReactNode; id?: string }) => (
  <h2 className="utrecht-heading-2" id={id}>
    {children}
  </h2>
)
export const Heading3 = ({ children }: { children: ReactNode }) => (
  <h3 className="utrecht-heading-3">{children}</h3>
)
export const Paragraph = ({ children }: { children: ReactNode }) => (
  <p className="utrecht-paragraph">{children}</p>
)

export function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = useId()
  return (
    <section className="app-sectie" aria-labelledby={id}>
      <Heading2 id={id}>{title}</Heading2>
      {children}
    </section>
  )
}

/** A message: `error` and `warning` are announced at once (role alert), the others politely. */
export function Alert({
  type,
  children,
}: {
  type: 'info' | 'ok' | 'warning' | 'error'
  children: ReactNode
}) {
  return (
    <div
      className={`utrecht-alert utrecht-alert--${type}`}
      role={type === 'error' || type === 'warning' ? 'alert' : 'status'}
    >
      <div className="utrecht-alert__content">
        <div className="utrecht-alert__message">{children}</div>
      </div>
    </div>
  )
}

export function Button({
  children,
  onClick,
  type = 'button',
  secondary,
  busy,
  label,
}: {
  children: ReactNode
  /** The accessible name where the visible text alone is ambiguous ("Kies" in a table row). */
  label?: string
  onClick?: () => void
  type?: 'button' | 'submit'
  secondary?: boolean
  busy?: boolean
}) {
  return (
    <button
      type={type}
      className={`utrecht-button utrecht-button--${secondary ? 'secondary' : 'primary'}-action${busy ? ' utrecht-button--busy' : ''}`}
      onClick={onClick}
      disabled={busy}
      aria-busy={busy || undefined}
      aria-label={label}
    >
      {children}
    </button>
  )
}

/** A labelled form field (Utrecht form-field): the control gets the label's id. */
function FormField({ label, children }: { label: string; children: (id: string) => ReactNode }) {
  const id = useId()
  return (
    <div className="utrecht-form-field utrecht-form-field--distanced">
      <div className="utrecht-form-field__label">
        <label className="utrecht-form-label" htmlFor={id}>
          {label}
        </label>
      </div>
      <div className="utrecht-form-field__input">{children(id)}</div>
    </div>
  )
}

export function SelectField({
  label,
  value,
  onChange,
  options,
  ...rest
}: {
  label: string
  value: string
  onChange: (value: string) => void
  options: { value: string; label: string }[]
} & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'onChange' | 'value'>) {
  return (
    <FormField label={label}>
      {(id) => (
        <select
          id={id}
          className="utrecht-select utrecht-select--html-select"
          value={value}
          onChange={(e) => onChange(e.target.value)}
          {...rest}
        >
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </FormField>
  )
}

export function TextField({
  label,
  value,
  onChange,
  type = 'text',
  multiline,
  min,
  max,
  required,
}: {
  label: string
  value: string
  onChange: (value: string) => void
  type?: 'text' | 'number' | 'month'
  multiline?: boolean
  min?: number | string
  max?: number | string
  required?: boolean
}) {
  return (
    <FormField label={label}>
      {(id) =>
        multiline ? (
          <textarea
            id={id}
            className="utrecht-textarea utrecht-textarea--html-textarea"
            value={value}
            onChange={(e) => onChange(e.target.value)}
            required={required}
            rows={3}
          />
        ) : (
          <input
            id={id}
            type={type}
            className="utrecht-textbox utrecht-textbox--html-input"
            value={value}
            onChange={(e) => onChange(e.target.value)}
            min={min}
            max={max}
            required={required}
          />
        )
      }
    </FormField>
  )
}

export function Checkbox({
  label,
  checked,
  onChange,
}: {
  label: string
  checked: boolean
  onChange: (checked: boolean) => void
}) {
  const id = useId()
  return (
    <div className="utrecht-form-field utrecht-form-field--checkbox">
      <div className="utrecht-form-field__input">
        <input
          id={id}
          type="checkbox"
          className="utrecht-checkbox utrecht-checkbox--html-input"
          checked={checked}
          onChange={(e) => onChange(e.target.checked)}
        />
      </div>
      <div className="utrecht-form-field__label">
        <label className="utrecht-form-label utrecht-form-label--checkbox" htmlFor={id}>
          {label}
        </label>
      </div>
    </div>
  )
}

export function Fieldset({ legend, children }: { legend: string; children: ReactNode }) {
  return (
    <fieldset className="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset">
      <legend className="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">
        {legend}
      </legend>
      {children}
    </fieldset>
  )
}

export type Cell = string | number | ReactNode

/** A data table with a caption and column headers; numeric columns align right. */
export function Table({
  caption,
  head,
  rows,
  numeric = [],
  testId,
}: {
  caption: string
  head: string[]
  rows: Cell[][]
  numeric?: number[]
  testId?: string
}) {
  return (
    <div className="utrecht-table-container app-tabel" tabIndex={0} role="region" aria-label={caption}>
      <table className="utrecht-table utrecht-table--html-table" data-testid={testId}>
        <caption className="utrecht-table__caption">{caption}</caption>
        <thead className="utrecht-table__header">
          <tr className="utrecht-table__row">
            {head.map((h, i) => (
              <th
                key={i}
                scope="col"
                className={`utrecht-table__header-cell${numeric.includes(i) ? ' utrecht-table__header-cell--numeric-column' : ''}`}
              >
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="utrecht-table__body">
          {rows.map((row, r) => (
            <tr key={r} className="utrecht-table__row">
              {row.map((cell, c) =>
                c === 0 ? (
                  <th key={c} scope="row" className="utrecht-table__header-cell">
                    {cell}
                  </th>
                ) : (
                  <td
                    key={c}
                    className={`utrecht-table__cell${numeric.includes(c) ? ' utrecht-table__cell--numeric-column' : ''}`}
                  >
                    {cell}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
