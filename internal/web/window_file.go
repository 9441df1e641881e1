package web

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"yiwang/internal/app"
	"yiwang/internal/apperr"
	"yiwang/internal/casework"
	"yiwang/internal/catalog"
	"yiwang/internal/civicid"
	"yiwang/internal/workday"
)

// windowFileView is the filing screen: the item's form, the material checklist
// and the decision, for one walk-in applicant.
type windowFileView struct {
	windowView
	Item      *catalog.Item
	Applicant app.ApplicantInput
	// Known: the number is on file as an earlier window applicant's.
	Known  bool
	Key    string
	Values map[string]string
	D      decisionForm
}

// Editable and Decidable: the filing screen records how each material is handed
// in, and takes the decision.
func (windowFileView) Editable() bool  { return true }
func (windowFileView) Decidable() bool { return true }

// Value returns what was typed into the form's field key.
func (v windowFileView) Value(key string) string { return v.Values[key] }

// MaskedNumber is the applicant's number as the screen repeats it: an ID number
// masked, as staff see it everywhere else.
func (v windowFileView) MaskedNumber() string {
	if v.Applicant.Kind == casework.Organisation {
		return v.Applicant.CreditCode
	}
	return civicid.IDNumber(strings.TrimSpace(v.Applicant.IDNumber)).Masked()
}

func (s *Server) newFiling(r *http.Request, it *catalog.Item, in app.ApplicantInput) windowFileView {
	return windowFileView{windowView: s.windowBase(r, "受理："+it.Name), Item: it, Applicant: in, Key: idempotencyKey(),
		Values: map[string]string{}, D: newDecisionForm(it, workday.DateOf(s.svc.Now()))}
}

// maxFormParts bounds the parts of a filing's form: its fields, a few per
// material, and one file per material.
const maxFormParts = 4 * (catalog.MaxFormFields + 100)

// readFiling reads the filing screen's multipart form: its fields, and each file
// chosen for a material, stored as it streams in (one bounded upload each). It
// returns the fields and the new files' blob IDs by material.
func (s *Server) readFiling(w http.ResponseWriter, r *http.Request) (url.Values, map[string]string, error) {
	max := s.svc.MaxBlobSize()
	r.Body = http.MaxBytesReader(w, r.Body, maxWindowForm+int64(maxMaterials)*(max+4<<10))
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, nil, apperr.New(apperr.Malformed, "bad_form", "表单内容无法读取")
	}
	vals, files, text := url.Values{}, map[string]string{}, int64(0)
	for n := 0; ; n++ {
		p, err := mr.NextPart()
		if err == io.EOF {
			return vals, files, nil
		}
		if err != nil || n > maxFormParts {
			return nil, nil, apperr.New(apperr.Malformed, "bad_form", "表单内容无法读取")
		}
		name := p.FormName()
		if p.FileName() == "" {
			b, err := io.ReadAll(io.LimitReader(p, maxWindowForm-text+1))
			text += int64(len(b))
			if err != nil || text > maxWindowForm {
				return nil, nil, &apperr.Error{Kind: apperr.TooLarge, Code: "too_large", Message: "表单内容过多"}
			}
			vals.Add(name, string(b))
			continue
		}
		id, ok := strings.CutPrefix(name, "file_")
		if !ok {
			continue
		}
		ct, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		b, err := s.svc.PutBlob(r.Context(), io.LimitReader(p, max+1), ct)
		if e := apperr.As(err); e != nil && (e.Kind == apperr.Invalid || e.Kind == apperr.TooLarge) {
			// Refused beside its material; the rest of the form is still read.
			vals.Set("file_error_"+id, e.Message)
			continue
		}
		if err != nil {
			return nil, nil, err
		}
		files[id] = b.ID
	}
}

// maxMaterials bounds the files of one filing.
const maxMaterials = 60

// filingFrom rebuilds the filing screen from its posted fields and new files.
func (s *Server) filingFrom(r *http.Request, it *catalog.Item, f url.Values, files map[string]string) windowFileView {
	v := s.newFiling(r, it, applicantFrom(f))
	v.Key, v.Known = f.Get("key"), f.Get("known") != ""
	for _, fd := range it.Form {
		v.Values[fd.Key] = f.Get("form." + fd.Key)
	}
	readDecision(&v.D, f)
	for i := range v.D.Rows {
		row := &v.D.Rows[i]
		row.Got, row.Paper = f.Get("got_"+row.ID) != "", f.Get("kind_"+row.ID) != "scan"
		row.Blob = f.Get("blob_" + row.ID)
		if b, ok := files[row.ID]; ok {
			row.Blob = b
		}
	}
	return v
}

// submitRequest is the filing as the app takes it, and the material of each of
// its materials' indexes.
func (v windowFileView) submitRequest() (app.SubmitRequest, []string, error) {
	values := map[string]any{}
	for _, fd := range v.Item.Form {
		s := strings.TrimSpace(v.Values[fd.Key])
		switch {
		case s == "":
		case fd.Type == catalog.NumberField || fd.Type == catalog.AreaField:
			if x, err := strconv.ParseFloat(s, 64); err == nil {
				values[fd.Key] = x
			} else {
				values[fd.Key] = s // the form's check says what is wrong
			}
		case fd.Type == catalog.YesNoField:
			values[fd.Key] = s == "true"
		default:
			values[fd.Key] = s
		}
	}
	form, err := json.Marshal(values)
	if err != nil {
		return app.SubmitRequest{}, nil, err
	}
	in := v.Applicant
	req := app.SubmitRequest{Item: v.Item.Code, Applicant: &in, Form: form, Channel: casework.Window}
	var ids []string
	for _, row := range v.D.Rows {
		if !row.Got {
			continue
		}
		m := casework.MaterialInput{Material: row.ID, Paper: row.Paper}
		if !row.Paper {
			m.Blob = row.Blob
		}
		req.Materials, ids = append(req.Materials, m), append(ids, row.ID)
	}
	return req, ids, nil
}

// windowFile files the case for the walk-in applicant and takes the decision in
// the same step. The filing carries the screen's idempotency key, so a second
// click (or a reload) finds the case the first one filed instead of filing again.
func (s *Server) windowFile(w http.ResponseWriter, r *http.Request) error {
	f, files, err := s.readFiling(w, r)
	if err != nil {
		return err
	}
	it, err := s.svc.Item(r.Context(), f.Get("item"), 0)
	if err != nil {
		return err
	}
	v := s.filingFrom(r, it, f, files)
	if !v.D.valid() {
		v.errs["decision"] = "请选择办理结果"
	}
	for _, row := range v.D.Rows {
		if msg := f.Get("file_error_" + row.ID); msg != "" {
			v.errs["material_"+row.ID] = msg
		}
	}
	if len(v.errs) > 0 {
		return s.render(w, r, http.StatusUnprocessableEntity, "window_file", v)
	}
	if len(v.Key) == 0 || len(v.Key) > 128 {
		return apperr.Invalidf("key", "表单已过期，请重新打开受理页面")
	}
	req, ids, err := v.submitRequest()
	if err != nil {
		return err
	}
	c, replayed, err := s.svc.SubmitCase(r.Context(), req, v.Key)
	if e := apperr.As(err); e != nil && (e.Kind == apperr.Invalid || e.Kind == apperr.Conflict) {
		v.errs.add(err, indexed("materials", ids, "material_"))
		v.errs[""] = e.Message
		if e.Code == "idempotency_key_reused" {
			v.errs[""] = "本页面的申请已经登记为办件，内容随后又有改动。请到“待受理”中查看已登记的办件，或重新开始受理。"
		}
		return s.render(w, r, statusByKind[e.Kind], "window_file", v)
	}
	if err != nil {
		return err
	}
	if replayed && c.Status != casework.Submitted {
		http.Redirect(w, r, "/window/cases/"+c.Number, http.StatusSeeOther)
		return nil
	}
	_, errs, err := s.decide(r.Context(), c.Number, v.D)
	if err != nil {
		if replayed && apperr.KindOf(err) == apperr.Conflict {
			// The first click's decision came first: show what it did.
			http.Redirect(w, r, "/window/cases/"+c.Number, http.StatusSeeOther)
			return nil
		}
		return s.renderCaseWithErrors(w, r, c.Number, v.D, errs, err)
	}
	http.Redirect(w, r, fmt.Sprintf("/window/cases/%s?done=%s", c.Number, v.D.Decision), http.StatusSeeOther)
	return nil
}
