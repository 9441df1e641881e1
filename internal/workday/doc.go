// Package workday owns Beijing calendar dates, the official working-day calendar
// and working-day arithmetic: the three things a statutory time limit counted in
// working days (工作日) rests on, and nothing else.
//
// A Date is a day, not an instant, so limits never shift with a server's time
// zone: the day an instant belongs to is always decided in Beijing time (UTC+8).
//
// The calendar is data, one YearFile per year copied from the State Council's
// notice (国务院办公厅关于部分节假日安排的通知): holiday ranges are days off,
// make-up days (调休上班) are weekend days that are working days, every other
// Saturday and Sunday is off and every other weekday is a working day. The
// notices for 2024–2026 are embedded; an administrator can load a new or
// corrected year with Calendar.With. A year that is not loaded is never guessed
// at: any computation that touches it fails with ErrOutOfRange, because a wrong
// due date is worse than none.
//
// Counting and adding working days use a prefix-sum table built once per
// calendar, so a long limit costs the same as a short one. Cases, suspensions
// of the clock and warning lights are not this package's business; callers
// build them from IsWorkday, CountWorkdays and AddWorkdays.
package workday
