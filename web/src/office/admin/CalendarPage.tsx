/**
 * Working calendars (lịch làm việc) as the province administrator keeps them: one calendar's year
 * with every day off and make-up day and where it comes from (Bộ luật Lao động 2019 art. 112, the
 * Prime Minister's yearly announcements, or this calendar's own days), the calendar's own extra
 * days off and make-up days (add, remove), and its working week, office hours and cut-off time.
 * Deadlines of every dossier are counted on this calendar (Nghị định 118/2025/NĐ-CP).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { formatDate, vietnamDate } from '../../shared/format.ts';
import { Alert, Button, ErrorAlert, Loading, Tag } from '../../shared/ui/index.ts';
import { DateField } from '../DateField.tsx';
import { OfficeTitle } from '../OfficeLayout.tsx';
import {
  type CalendarDay,
  calendarsQuery,
  deleteCalendarDay,
  holidaysQuery,
  patchCalendar,
  putCalendarDay,
  type TimeRange,
  WEEKDAY_LABELS,
  type WorkingCalendar,
} from './admin.api.ts';

const KIND_LABELS: Record<string, string> = {
  holiday: 'Nghỉ lễ, Tết',
  compensatory: 'Nghỉ bù',
  announced: 'Nghỉ theo thông báo',
  swapped: 'Hoán đổi ngày làm việc',
  local: 'Ngày riêng của lịch',
};

const day = (d: string) => formatDate(`${d}T12:00:00+07:00`);

export function CalendarPage() {
  const calendars = useQuery(calendarsQuery);
  const [calendarId, setCalendarId] = useState<string | null>(null);
  const thisYear = Number(vietnamDate(new Date()).slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const current =
    calendars.data?.items.find((c) => c.id === calendarId) ?? calendars.data?.items.find((c) => c.isDefault);
  const id = current?.id ?? '';
  const holidays = useQuery({ ...holidaysQuery(id, year), enabled: id !== '' });

  if (calendars.isPending) return <Loading label="Đang tải lịch làm việc…" />;
  if (calendars.isError) return <ErrorAlert error={calendars.error} onRetry={() => calendars.refetch()} />;

  return (
    <>
      <OfficeTitle title="Lịch làm việc" />
      <div className="office-filters">
        <div className="field">
          <label className="field__label" htmlFor="calendar-id">
            Lịch
          </label>
          <select id="calendar-id" className="select" value={id} onChange={(e) => setCalendarId(e.target.value)}>
            {calendars.data.items.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
                {c.isDefault ? ' (mặc định)' : ''}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field__label" htmlFor="calendar-year">
            Năm
          </label>
          <select id="calendar-year" className="select" value={year} onChange={(e) => setYear(Number(e.target.value))}>
            {[thisYear - 1, thisYear, thisYear + 1].map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
      </div>
      {current ? (
        <div className="admin-calendar">
          <section aria-labelledby="year-days">
            <h2 className="office-h2" id="year-days">
              Ngày nghỉ và ngày làm bù năm {year}
            </h2>
            {holidays.isPending ? <Loading label="Đang tải ngày nghỉ…" /> : null}
            {holidays.isError ? <ErrorAlert error={holidays.error} onRetry={() => holidays.refetch()} /> : null}
            {holidays.data ? (
              <>
                <DayTable
                  caption={`Ngày nghỉ năm ${year}`}
                  items={holidays.data.items}
                  empty="Không có ngày nghỉ nào ngoài cuối tuần."
                />
                <h3 className="office-h3">Ngày làm bù (làm việc dù là ngày nghỉ hằng tuần)</h3>
                <DayTable
                  caption={`Ngày làm bù năm ${year}`}
                  items={holidays.data.makeUpWorkingDays}
                  empty="Không có ngày làm bù."
                />
              </>
            ) : null}
          </section>
          <div>
            <OwnDays calendar={current} year={year} />
            <OfficeHours calendar={current} />
          </div>
        </div>
      ) : (
        <p className="office-empty">Chưa có lịch làm việc nào.</p>
      )}
    </>
  );
}

function DayTable({
  caption,
  items,
  empty,
}: {
  caption: string;
  items: { date: string; weekday: number; reason: string; kind: string }[];
  empty: string;
}) {
  if (items.length === 0) return <p className="office-empty">{empty}</p>;
  return (
    <div className="table-wrap">
      <table className="table office-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Ngày</th>
            <th scope="col">Lý do</th>
            <th scope="col">Loại</th>
          </tr>
        </thead>
        <tbody>
          {items.map((d) => (
            <tr key={d.date}>
              <td>
                {WEEKDAY_LABELS[d.weekday]}, {day(d.date)}
              </td>
              <td>{d.reason}</td>
              <td>
                <Tag tone={d.kind === 'local' ? 'blue' : 'grey'}>{KIND_LABELS[d.kind] ?? d.kind}</Tag>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function OwnDays({ calendar, year }: { calendar: WorkingCalendar; year: number }) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState<CalendarDay>({ date: '', kind: 'off', reason: '' });
  const [message, setMessage] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['admin'] });
  const add = useMutation({
    mutationFn: (d: CalendarDay) => putCalendarDay(calendar.id, d),
    onSuccess: async (_, d) => {
      setMessage(`Đã lưu ${d.kind === 'off' ? 'ngày nghỉ' : 'ngày làm bù'} ${day(d.date)}.`);
      setForm({ date: '', kind: 'off', reason: '' });
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (date: string) => deleteCalendarDay(calendar.id, date),
    onSuccess: async (_, date) => {
      setMessage(`Đã bỏ ngày ${day(date)} khỏi lịch.`);
      await refresh();
    },
  });
  const own = calendar.days.filter((d) => d.date.startsWith(`${year}-`)).sort((a, b) => a.date.localeCompare(b.date));

  function submit(event: FormEvent) {
    event.preventDefault();
    setMessage(null);
    add.mutate(form);
  }
  return (
    <section className="office-card" aria-labelledby="own-days">
      <h2 className="office-h2" id="own-days">
        Ngày riêng của lịch năm {year}
      </h2>
      <div role="status">{message ? <p className="admin-done">{message}</p> : null}</div>
      {remove.isError ? <ErrorAlert error={remove.error} /> : null}
      {own.length === 0 ? (
        <p className="office-empty">Chưa có ngày nghỉ thêm hay ngày làm bù riêng.</p>
      ) : (
        <ul className="admin-days">
          {own.map((d) => (
            <li key={d.date} className="admin-day">
              <span>
                <strong>{day(d.date)}</strong> — {d.kind === 'off' ? 'nghỉ' : 'làm bù'}: {d.reason}
              </span>
              <button
                type="button"
                className="office-link-button"
                disabled={remove.isPending}
                onClick={() => remove.mutate(d.date)}
              >
                Bỏ<span className="visually-hidden"> ngày {day(d.date)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={submit} className="admin-day-form" aria-label="Thêm ngày riêng">
        <h3 className="office-h3">Thêm ngày</h3>
        {add.isError ? <ErrorAlert error={add.error} /> : null}
        <div className="office-grid2">
          <DateField
            id="day-date"
            label="Ngày"
            required
            value={form.date}
            onChange={(date) => setForm((f) => ({ ...f, date }))}
          />
          <fieldset className="field admin-radios">
            <legend className="field__label">Loại ngày</legend>
            <label className="admin-check">
              <input
                type="radio"
                name="day-kind"
                checked={form.kind === 'off'}
                onChange={() => setForm({ ...form, kind: 'off' })}
              />{' '}
              Ngày nghỉ thêm
            </label>
            <label className="admin-check">
              <input
                type="radio"
                name="day-kind"
                checked={form.kind === 'work'}
                onChange={() => setForm({ ...form, kind: 'work' })}
              />{' '}
              Ngày làm bù
            </label>
          </fieldset>
        </div>
        <div className="field">
          <label className="field__label" htmlFor="day-reason">
            Lý do (căn cứ)
          </label>
          <input
            id="day-reason"
            className="input"
            required
            maxLength={300}
            value={form.reason}
            onChange={(e) => setForm({ ...form, reason: e.target.value })}
          />
        </div>
        <Button type="submit" disabled={add.isPending}>
          Lưu ngày
        </Button>
      </form>
    </section>
  );
}

function OfficeHours({ calendar }: { calendar: WorkingCalendar }) {
  const queryClient = useQueryClient();
  const [week, setWeek] = useState<number[]>(calendar.workWeek);
  const [hours, setHours] = useState<TimeRange[]>(calendar.officeHours);
  const [cutoff, setCutoff] = useState(calendar.defaultCutoff);
  useEffect(() => {
    setWeek(calendar.workWeek);
    setHours(calendar.officeHours);
    setCutoff(calendar.defaultCutoff);
  }, [calendar]);
  const save = useMutation({
    mutationFn: () => patchCalendar(calendar.id, { workWeek: week, officeHours: hours, defaultCutoff: cutoff }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['admin'] }),
  });
  const setRange = (i: number, key: keyof TimeRange, value: string) =>
    setHours(hours.map((h, j) => (j === i ? { ...h, [key]: value } : h)));

  return (
    <section className="office-card" aria-labelledby="office-hours">
      <h2 className="office-h2" id="office-hours">
        Tuần làm việc và giờ hành chính
      </h2>
      {save.isSuccess ? (
        <Alert tone="success">
          <p>Đã lưu giờ làm việc.</p>
        </Alert>
      ) : null}
      {save.isError ? <ErrorAlert error={save.error} /> : null}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <fieldset className="field admin-week">
          <legend className="field__label">Ngày làm việc trong tuần</legend>
          {[1, 2, 3, 4, 5, 6, 0].map((w) => (
            <label key={w} className="admin-check">
              <input
                type="checkbox"
                checked={week.includes(w)}
                onChange={(e) => setWeek(e.target.checked ? [...week, w].sort() : week.filter((x) => x !== w))}
              />{' '}
              {WEEKDAY_LABELS[w]}
            </label>
          ))}
        </fieldset>
        {hours.map((h, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a shift is its position; a key from its times would remount it while typing
          <div className="office-grid2" key={i}>
            <div className="field">
              <label className="field__label" htmlFor={`hours-${i}-start`}>
                Ca {i + 1}: từ
              </label>
              <input
                id={`hours-${i}-start`}
                className="input"
                type="time"
                value={h.start}
                onChange={(e) => setRange(i, 'start', e.target.value)}
              />
            </div>
            <div className="field">
              <label className="field__label" htmlFor={`hours-${i}-end`}>
                Ca {i + 1}: đến
              </label>
              <input
                id={`hours-${i}-end`}
                className="input"
                type="time"
                value={h.end}
                onChange={(e) => setRange(i, 'end', e.target.value)}
              />
            </div>
          </div>
        ))}
        <div className="field">
          <label className="field__label" htmlFor="hours-cutoff">
            Giờ chốt nhận hồ sơ trong ngày
          </label>
          <p className="field__hint" id="hours-cutoff-hint">
            Hồ sơ nhận sau giờ này được tính từ ngày làm việc tiếp theo.
          </p>
          <input
            id="hours-cutoff"
            className="input"
            type="time"
            aria-describedby="hours-cutoff-hint"
            value={cutoff}
            onChange={(e) => setCutoff(e.target.value)}
          />
        </div>
        <Button type="submit" disabled={save.isPending}>
          Lưu giờ làm việc
        </Button>
      </form>
    </section>
  );
}
