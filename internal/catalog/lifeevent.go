package catalog

import (
	"slices"

	"yiwang/internal/apperr"
	"yiwang/internal/humantext"
)

// LifeEvent is a moment of life or business (开办企业, 开餐馆, 生育, 就业) through
// which the online hall lets people browse: the items it takes, in the order one
// usually needs them. It is catalog data, edited and carried by export and import
// like items; an item may belong to several events.
type LifeEvent struct {
	Code string `json:"code"`
	Name string `json:"name"`
	// For says whom the event concerns: a person (个人) or an organisation (法人).
	For  string `json:"for"`
	Note string `json:"note,omitempty"`
	// Items are the codes of the event's items, in the order they are needed.
	Items []string `json:"items"`
	// Position orders the events on the home page, smallest first.
	Position int `json:"position"`
}

// Whom a life event concerns.
const (
	ForPerson       = "person"
	ForOrganisation = "organisation"
)

// MaxLifeEventItems bounds the items of one event: a page of them.
const MaxLifeEventItems = 50

// Validate checks a life event on its own; that its items exist is checked when it is saved.
func (e *LifeEvent) Validate() error {
	if !codePattern.MatchString(e.Code) {
		return apperr.Invalidf("code", "编码须为1-64位字母、数字、点、横线或下划线")
	}
	var err error
	if e.Name, err = humantext.Name("name", e.Name); err != nil {
		return err
	}
	if e.Note, err = humantext.Line("note", e.Note, 200); err != nil {
		return err
	}
	switch {
	case e.For != ForPerson && e.For != ForOrganisation:
		return apperr.Invalidf("for", "须为 person 或 organisation")
	case len(e.Items) == 0:
		return apperr.Invalidf("items", "至少包含一个事项")
	case len(e.Items) > MaxLifeEventItems:
		return apperr.Invalidf("items", "最多包含%d个事项", MaxLifeEventItems)
	case len(slices.Compact(slices.Sorted(slices.Values(e.Items)))) != len(e.Items):
		return apperr.Invalidf("items", "事项不能重复")
	}
	return nil
}
