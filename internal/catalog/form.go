package catalog

import (
	"fmt"
	"regexp"
	"slices"
	"unicode"
	"unicode/utf8"

	"yiwang/internal/apperr"
	"yiwang/internal/humantext"
)

// FieldType is what a field of an application form holds; it decides how a value
// is checked and whether it is personal data that staff see masked.
type FieldType string

// The field types of a form definition.
const (
	TextField       FieldType = "text"      // one line
	LongTextField   FieldType = "long_text" // several lines
	NumberField     FieldType = "number"
	DateField       FieldType = "date" // YYYY-MM-DD
	SelectField     FieldType = "select"
	YesNoField      FieldType = "yes_no"
	IDNumberField   FieldType = "id_number"   // citizen ID number, with its check character
	CreditCodeField FieldType = "credit_code" // unified social credit code, with its check character
	PhoneField      FieldType = "phone"
	AddressField    FieldType = "address"
	AreaField       FieldType = "area_m2" // square metres
)

var fieldTypes = []FieldType{TextField, LongTextField, NumberField, DateField, SelectField, YesNoField,
	IDNumberField, CreditCodeField, PhoneField, AddressField, AreaField}

// The bounds of a form definition: enough for the longest 实施清单 form, small
// enough that checking a submission stays cheap.
const (
	MaxFormFields  = 60
	MaxOptions     = 50
	maxPatternLen  = 200
	maxHelpLen     = 500
	maxAddressLen  = 200
	maxTextLen     = humantext.MaxName
	maxAreaM2      = 10_000_000
	maxFieldKeyLen = 32
)

// FormField is one field of an item's application form (申请表).
type FormField struct {
	// Key names the value in the submitted form and in errors (form.<key>).
	Key      string    `json:"key"`
	Label    string    `json:"label"`
	Type     FieldType `json:"type"`
	Required bool      `json:"required,omitempty"`
	Help     string    `json:"help,omitempty"`
	// Options are the choices of a select field.
	Options []string `json:"options,omitempty"`
	// MinLength and MaxLength bound a text's characters; Min and Max a number's value.
	MinLength int      `json:"min_length,omitempty"`
	MaxLength int      `json:"max_length,omitempty"`
	Min       *float64 `json:"min,omitempty"`
	Max       *float64 `json:"max,omitempty"`
	// Pattern is a regular expression (RE2) the whole of a text must match.
	Pattern string `json:"pattern,omitempty"`
}

// Form is an item's form definition: its fields in the order they are asked. A
// plain list, so that the forms of a bundle's items can be merged into one.
type Form []FormField

// Field returns the field with key.
func (f Form) Field(key string) (*FormField, bool) {
	for i := range f {
		if f[i].Key == key {
			return &f[i], true
		}
	}
	return nil, false
}

// Validate checks a form definition and normalises its labels, naming the first
// bad field as form[i].<attribute>.
func (f Form) Validate() error {
	if len(f) > MaxFormFields {
		return apperr.Invalidf("form", "申请表最多%d项", MaxFormFields)
	}
	seen := map[string]bool{}
	for i := range f {
		if err := f[i].validate(fmt.Sprintf("form[%d]", i)); err != nil {
			return err
		}
		if seen[f[i].Key] {
			return apperr.Invalidf(fmt.Sprintf("form[%d].key", i), "字段 %q 重复", f[i].Key)
		}
		seen[f[i].Key] = true
	}
	return nil
}

func (fd *FormField) validate(at string) error {
	if !validFieldKey(fd.Key) {
		return apperr.Invalidf(at+".key", "字段键须为1-%d个文字、字母、数字或下划线", maxFieldKeyLen)
	}
	var err error
	if fd.Label, err = humantext.Name(at+".label", fd.Label); err != nil {
		return err
	}
	if fd.Help, err = humantext.Free(at+".help", fd.Help, false); err != nil {
		return err
	}
	if utf8.RuneCountInString(fd.Help) > maxHelpLen {
		return apperr.Invalidf(at+".help", "说明不能超过%d个字", maxHelpLen)
	}
	if !slices.Contains(fieldTypes, fd.Type) {
		return apperr.Invalidf(at+".type", "未知字段类型 %q", fd.Type)
	}
	if fd.Type == SelectField {
		if len(fd.Options) == 0 || len(fd.Options) > MaxOptions {
			return apperr.Invalidf(at+".options", "选择项须有1到%d个选项", MaxOptions)
		}
		for j := range fd.Options {
			if fd.Options[j], err = humantext.Name(fmt.Sprintf("%s.options[%d]", at, j), fd.Options[j]); err != nil {
				return err
			}
			if slices.Contains(fd.Options[:j], fd.Options[j]) {
				return apperr.Invalidf(fmt.Sprintf("%s.options[%d]", at, j), "选项 %q 重复", fd.Options[j])
			}
		}
	} else if len(fd.Options) > 0 {
		return apperr.Invalidf(at+".options", "只有选择项（select）有选项")
	}
	switch {
	case fd.MinLength < 0 || fd.MaxLength < 0 || (fd.MaxLength > 0 && fd.MinLength > fd.MaxLength):
		return apperr.Invalidf(at+".max_length", "长度限制须满足 0 ≤ min_length ≤ max_length")
	case fd.Min != nil && fd.Max != nil && *fd.Min > *fd.Max:
		return apperr.Invalidf(at+".max", "须不小于 min")
	case len(fd.Pattern) > maxPatternLen:
		return apperr.Invalidf(at+".pattern", "格式不能超过%d字节", maxPatternLen)
	}
	if fd.Pattern != "" {
		if _, err := regexp.Compile(fd.Pattern); err != nil {
			return apperr.Invalidf(at+".pattern", "不是有效的正则表达式")
		}
	}
	return nil
}

func validFieldKey(s string) bool {
	if s == "" || utf8.RuneCountInString(s) > maxFieldKeyLen {
		return false
	}
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' {
			return false
		}
	}
	return true
}

// Personal returns the fields that hold personal identifiers: all a case must keep
// of its form's definition to show the form masked.
func (f Form) Personal() Form {
	var out Form
	for _, fd := range f {
		if fd.Personal() {
			out = append(out, fd)
		}
	}
	return out
}

// Personal reports whether the field holds a citizen's identifier that staff and
// the audit trail see masked (the ID number and the phone; a credit code is on the
// public register).
func (fd *FormField) Personal() bool { return fd.Type == IDNumberField || fd.Type == PhoneField }
