package demo

import (
	"encoding/json"

	"yiwang/internal/catalog"
)

// Values the demo fills forms with where the applicant gives none: a valid ID
// number, credit code and mobile number that belong to nobody real.
const (
	sampleIDNumber   = "11010519491231002X"
	sampleCreditCode = "91350100M000100Y43"
	samplePhone      = "13800000000"
	sampleAddress    = "青岛市市北区辽宁路1号"
)

// SampleForm returns an application form for it that its definition accepts, as
// the demo story and tests file: every field filled with a plausible value of its
// type, the first option of a choice, the applicant's own phone where given.
func SampleForm(it *catalog.Item, phone string) json.RawMessage {
	if phone == "" {
		phone = samplePhone
	}
	values := map[string]any{}
	for _, fd := range it.Form {
		values[fd.Key] = sampleValue(fd, phone)
	}
	b, err := json.Marshal(values)
	if err != nil {
		panic("demo: sample form: " + err.Error()) // only strings, numbers and booleans
	}
	return b
}

func sampleValue(fd catalog.FormField, phone string) any {
	switch fd.Type {
	case catalog.NumberField, catalog.AreaField:
		x := 80.0
		if fd.Min != nil && x < *fd.Min {
			x = *fd.Min
		}
		if fd.Max != nil && x > *fd.Max {
			x = *fd.Max
		}
		return x
	case catalog.DateField:
		return "2026-12-01"
	case catalog.SelectField:
		return fd.Options[0]
	case catalog.YesNoField:
		return false
	case catalog.IDNumberField:
		return sampleIDNumber
	case catalog.CreditCodeField:
		return sampleCreditCode
	case catalog.PhoneField:
		return phone
	case catalog.AddressField:
		return sampleAddress
	case catalog.LongTextField:
		return "演示数据：" + fd.Label
	}
	s := "示例" + fd.Label
	if fd.MaxLength > 0 && len([]rune(s)) > fd.MaxLength {
		s = string([]rune(s)[:fd.MaxLength])
	}
	return s
}
