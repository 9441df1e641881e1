package casework

import (
	"time"

	"yiwang/internal/workday"
)

// CorrectionDeadline returns the last day on which the window may still send the
// one-time correction notice or refuse a submission received at received: the
// fifth working day after that day (Art. 32 行政许可法, counted in working days by
// Art. 82). From the next working day on, the materials count as accepted on
// receipt (DeemedAcceptanceDue).
func CorrectionDeadline(cal *workday.Calendar, received time.Time) (workday.Date, error) {
	return cal.AddWorkdays(workday.DateOf(received), DeemedAcceptanceDays)
}

// CorrectionDaysLeft returns the deadline of CorrectionDeadline and the working
// days from today to it, today included; 0 once it has passed.
func CorrectionDaysLeft(cal *workday.Calendar, received time.Time, today workday.Date) (workday.Date, int, error) {
	last, err := CorrectionDeadline(cal, received)
	if err != nil || today > last {
		return last, 0, err
	}
	n, err := cal.CountWorkdays(today, last)
	return last, n, err
}
