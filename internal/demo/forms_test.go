package demo

import (
	"encoding/json"
	"testing"

	"yiwang/internal/catalog"
)

// TestDemoForms: every item of the demo catalog has a form definition that holds,
// and the sample form the story files is accepted by it.
func TestDemoForms(t *testing.T) {
	var ex catalog.Export
	if err := json.Unmarshal(catalogJSON, &ex); err != nil {
		t.Fatal(err)
	}
	for i := range ex.Items {
		it := &ex.Items[i]
		if len(it.Form) == 0 {
			t.Errorf("%s %s has no form", it.Code, it.Name)
			continue
		}
		if err := it.Form.Validate(); err != nil {
			t.Errorf("%s: %v", it.Code, err)
		}
		if _, err := it.Form.Check(SampleForm(it, "")); err != nil {
			t.Errorf("%s: the sample form is refused: %v", it.Code, err)
		}
	}
}
