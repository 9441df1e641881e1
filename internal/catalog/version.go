package catalog

import (
	"time"

	"yiwang/internal/apperr"
)

// State is where an item stands across its versions.
type State struct {
	Code      string
	Latest    int
	Published int // 0 when no version is published
	Retired   bool
}

// Edit returns the version an edit is saved as: a draft is edited in place, while
// editing a published (or retired) item opens a new draft, so that the published
// guide and the cases filed under it never change.
func Edit(st State, latest *Item, next *Item, now time.Time) {
	next.Code = st.Code
	next.Version = latest.Version
	if latest.Status != Draft {
		next.Version = latest.Version + 1
	}
	next.Status = Draft
	next.UpdatedAt = now
	next.PublishedAt = nil
}

// Publish makes the latest draft the published version; the version it replaces is
// superseded. It returns the superseded version number, or 0.
func Publish(st *State, latest *Item, now time.Time) (superseded int, err error) {
	if latest.Status != Draft {
		return 0, apperr.Conflictf("nothing_to_publish", "事项 %s 没有待发布的草稿版本", st.Code)
	}
	superseded = st.Published
	latest.Status = Published
	latest.PublishedAt = &now
	st.Published = latest.Version
	st.Retired = false
	return superseded, nil
}

// Retire stops an item from being applied for; cases already filed go on.
func Retire(st *State, published *Item) error {
	if st.Published == 0 || st.Retired {
		return apperr.Conflictf("invalid_transition", "事项 %s 没有在办理中的发布版本", st.Code)
	}
	published.Status = Retired
	st.Retired = true
	return nil
}
