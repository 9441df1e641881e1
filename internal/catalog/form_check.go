package catalog

import (
	"bytes"
	"encoding/json"
	"math"
	"regexp"
	"sort"
	"strconv"
	"time"
	"unicode/utf8"

	"yiwang/internal/apperr"
	"yiwang/internal/civicid"
	"yiwang/internal/humantext"
)

// Check checks a submitted application form against the definition and returns
// it normalised (texts NFC and trimmed, identifiers in their canonical form). Every
// bad field is reported, each as form.<key>, in one InvalidFields error; keys the
// definition does not have are refused. An item without a definition (a version
// made before forms were part of the catalog) takes any JSON object as it is.
func (f Form) Check(raw json.RawMessage) (json.RawMessage, error) {
	var values map[string]json.RawMessage
	if err := json.Unmarshal(raw, &values); err != nil || values == nil {
		return nil, apperr.Invalidf("form", "申请表须为JSON对象")
	}
	if len(f) == 0 {
		return raw, nil
	}
	var errs []*apperr.Error
	out := make(map[string]any, len(f))
	for i := range f {
		fd := &f[i]
		field := "form." + fd.Key
		v, present := values[fd.Key]
		if !present || isBlank(v) {
			if fd.Required {
				errs = append(errs, &apperr.Error{Kind: apperr.Invalid, Code: "required", Field: field,
					Message: "请填写" + fd.Label})
			}
			continue
		}
		got, err := fd.check(v)
		if err != nil {
			errs = append(errs, &apperr.Error{Kind: apperr.Invalid, Code: "invalid", Field: field, Message: fd.Label + "：" + err.Error()})
			continue
		}
		out[fd.Key] = got
	}
	var unknown []string
	for k := range values {
		if _, ok := f.Field(k); !ok {
			unknown = append(unknown, k)
		}
	}
	sort.Strings(unknown)
	for _, k := range unknown {
		errs = append(errs, &apperr.Error{Kind: apperr.Invalid, Code: "unknown_field", Field: "form." + humantext.Clip(k, maxFieldKeyLen),
			Message: "本事项的申请表没有此项"})
	}
	if len(errs) > 0 {
		return nil, apperr.InvalidFields(errs)
	}
	return json.Marshal(out)
}

func isBlank(v json.RawMessage) bool {
	v = bytes.TrimSpace(v)
	if bytes.Equal(v, []byte("null")) {
		return true
	}
	var s string
	return json.Unmarshal(v, &s) == nil && len(bytes.TrimSpace([]byte(s))) == 0
}

// fieldError is why one value is refused; Check prefixes the field's label.
type fieldError string

func (e fieldError) Error() string { return string(e) }

func (fd *FormField) check(v json.RawMessage) (any, error) {
	switch fd.Type {
	case NumberField, AreaField:
		return fd.checkNumber(v)
	case YesNoField:
		var b bool
		if json.Unmarshal(v, &b) != nil {
			return nil, fieldError("须为是（true）或否（false）")
		}
		return b, nil
	}
	var s string
	if json.Unmarshal(v, &s) != nil {
		return nil, fieldError("须为文字")
	}
	switch fd.Type {
	case IDNumberField:
		id, err := civicid.ParseIDNumber(s)
		if err != nil {
			return nil, fieldError(err.Error())
		}
		return id.Full(), nil
	case CreditCodeField:
		cc, err := civicid.ParseCreditCode(s)
		if err != nil {
			return nil, fieldError(err.Error())
		}
		return string(cc), nil
	case PhoneField:
		p, err := civicid.ParsePhone(s)
		if err != nil {
			return nil, fieldError(err.Error())
		}
		return p, nil
	case DateField:
		if _, err := time.Parse(time.DateOnly, s); err != nil || len(s) != len(time.DateOnly) {
			return nil, fieldError("须为日期，如 2026-03-02")
		}
		return s, nil
	case SelectField:
		s = humantext.Normal(s)
		for _, o := range fd.Options {
			if s == o {
				return s, nil
			}
		}
		return nil, fieldError("须为给定的选项之一")
	}
	return fd.checkText(s)
}

func (fd *FormField) checkText(s string) (any, error) {
	var err error
	limit := maxTextLen
	switch fd.Type {
	case LongTextField:
		s, err = humantext.Free("", s, false)
		limit = humantext.MaxFree
	case AddressField:
		limit = maxAddressLen
		s, err = humantext.Line("", s, limit)
	default:
		s, err = humantext.Line("", s, limit)
	}
	if err != nil {
		return nil, fieldError(apperr.As(err).Message)
	}
	if fd.MaxLength > 0 && fd.MaxLength < limit {
		limit = fd.MaxLength
	}
	switch n := utf8.RuneCountInString(s); {
	case n > limit:
		return nil, fieldError("不能超过" + strconv.Itoa(limit) + "个字")
	case n < fd.MinLength:
		return nil, fieldError("至少" + strconv.Itoa(fd.MinLength) + "个字")
	}
	if fd.Pattern != "" && !regexp.MustCompile(`^(?:`+fd.Pattern+`)$`).MatchString(s) {
		return nil, fieldError("格式不正确")
	}
	return s, nil
}

func (fd *FormField) checkNumber(v json.RawMessage) (any, error) {
	var x float64
	if json.Unmarshal(v, &x) != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		return nil, fieldError("须为数字")
	}
	if fd.Type == AreaField {
		if x <= 0 || x > maxAreaM2 {
			return nil, fieldError("面积须大于0平方米")
		}
		if math.Round(x*100) != x*100 {
			return nil, fieldError("面积最多保留两位小数")
		}
	}
	switch {
	case fd.Min != nil && x < *fd.Min:
		return nil, fieldError("不能小于" + strconv.FormatFloat(*fd.Min, 'f', -1, 64))
	case fd.Max != nil && x > *fd.Max:
		return nil, fieldError("不能大于" + strconv.FormatFloat(*fd.Max, 'f', -1, 64))
	}
	return x, nil
}

// Masked returns a checked form as staff who do not need the identifiers and the
// audit trail see it: ID number and phone fields masked.
func (f Form) Masked(checked json.RawMessage) json.RawMessage {
	if len(f) == 0 {
		return json.RawMessage(civicid.MaskIDsInText(string(checked)))
	}
	var values map[string]any
	if json.Unmarshal(checked, &values) != nil {
		return json.RawMessage(civicid.MaskIDsInText(string(checked)))
	}
	for i := range f {
		s, ok := values[f[i].Key].(string)
		switch {
		case !ok:
		case f[i].Type == IDNumberField:
			values[f[i].Key] = civicid.IDNumber(s).Masked()
		case f[i].Type == PhoneField:
			values[f[i].Key] = civicid.MaskPhone(s)
		}
	}
	b, err := json.Marshal(values)
	if err != nil {
		return json.RawMessage(civicid.MaskIDsInText(string(checked)))
	}
	// A text field may still hold a number typed into it.
	return json.RawMessage(civicid.MaskIDsInText(string(b)))
}
