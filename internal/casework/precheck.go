package casework

import (
	"encoding/json"
	"time"

	"yiwang/internal/access"
	"yiwang/internal/apperr"
	"yiwang/internal/catalog"
)

// May reports whether a may take act on c now, by the rule the action itself checks
// first (role, scope, status, a running clock): what a page offers is what the
// action would not refuse outright.
func (c *Case) May(a access.Actor, act Action) bool { return check(c, a, act) == nil }

// CheckSubmission checks an application before it is filed, by the rules New
// applies to it: the materials handed in (files of their types and sizes, paper at a
// window only) and the form against the item's definition. Unlike New, it answers
// every problem at once, materials and form together, so that a person filling
// the form sees all there is to fix.
func CheckSubmission(it *catalog.Item, ch Channel, ms []MaterialInput, form json.RawMessage, now time.Time) error {
	var errs []*apperr.Error
	collect := func(err error) error {
		e := apperr.As(err)
		switch {
		case err == nil:
		case e == nil || e.Kind != apperr.Invalid:
			return err
		case len(e.Fields) > 0:
			errs = append(errs, e.Fields...)
		default:
			errs = append(errs, e)
		}
		return nil
	}
	if _, err := materials(it, ch, ms, "materials", now); collect(err) != nil {
		return err
	}
	if _, err := normaliseForm(it.Form, form); collect(err) != nil {
		return err
	}
	if len(errs) > 0 {
		return apperr.InvalidFields(errs)
	}
	return nil
}
