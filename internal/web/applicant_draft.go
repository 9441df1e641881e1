package web

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"yiwang/internal/app"
	"yiwang/internal/apperr"
	"yiwang/internal/casework"
	"yiwang/internal/catalog"
	"yiwang/internal/humantext"
)

// An application, a supplement, is filled in on a page in several posts (the form,
// its review, its confirmation): a draft is what was typed and attached so far, and
// travels in the pages' fields (f.<key> for a form value, blob.<material> and
// name.<material> for a file already uploaded, file.<material> for a file to upload).
// Nothing of it is stored until the application is filed.
type draft struct {
	Values map[string]string
	// Files are the uploaded files by material id; the store holds them, each
	// recorded as uploaded by this user, which SubmitCase checks again.
	Files map[string]draftFile
	// errs are the messages beside inputs: "form.<key>", "material.<id>"; other the
	// ones that stand beside none.
	errs  map[string]string
	other []string
	// kind is that of the first refusal, whose status the page answers with.
	kind apperr.Kind
	// step is which button sent the draft: "edit" goes back to the form.
	step string
}

type draftFile struct{ Blob, Name string }

// maxDraftText bounds a draft's text: its form (casework.MaxFormBytes) and the file
// ids and names beside it.
const maxDraftText = casework.MaxFormBytes + 32<<10

func newDraft() *draft {
	return &draft{Values: map[string]string{}, Files: map[string]draftFile{}, errs: map[string]string{}}
}

// note records a refusal beside input ("" for none).
func (d *draft) note(input, msg string, k apperr.Kind) {
	if d.kind == apperr.Internal { // the zero kind: nothing refused yet
		d.kind = k
	}
	if input != "" {
		d.errs[input] = msg
	}
}

// refused reports whether anything of the draft was refused.
func (d *draft) refused() bool { return len(d.errs) > 0 || len(d.other) > 0 }

// Error returns the message beside an input, "form.<key>" or "material.<id>".
func (d *draft) Error(input string) string { return d.errs[input] }

// take reads the draft's text fields.
func (d *draft) take(v url.Values) {
	d.step = v.Get("step")
	for name, vals := range v {
		if len(vals) == 0 {
			continue
		}
		if key, ok := strings.CutPrefix(name, "f."); ok {
			d.Values[key] = vals[0]
		}
		if id, ok := strings.CutPrefix(name, "blob."); ok && vals[0] != "" {
			d.Files[id] = draftFile{Blob: vals[0], Name: humantext.Clip(v.Get("name."+id), 100)}
		}
	}
}

// readDraft reads a posted draft: a plain form, or a multipart one whose files are
// stored as they arrive (PutBlob checks their type and size). A refused file is
// noted beside its material and the rest read on; a file replaces the one its
// material had.
func (s *Server) readDraft(w http.ResponseWriter, r *http.Request, materials []catalog.Material) (*draft, error) {
	r.Body = http.MaxBytesReader(w, r.Body, s.svc.MaxBlobSize()*int64(len(materials))+maxDraftText)
	d := newDraft()
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct != "multipart/form-data" {
		if err := r.ParseForm(); err != nil {
			return nil, formReadErr(err)
		}
		d.take(r.PostForm)
		return d, nil
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, formReadErr(err)
	}
	text, room := url.Values{}, int64(maxDraftText)
	uploaded := map[string]draftFile{}
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, formReadErr(err)
		}
		id, isFile := strings.CutPrefix(p.FormName(), "file.")
		if !isFile || p.FileName() == "" {
			b, err := io.ReadAll(io.LimitReader(p, room+1))
			if err != nil {
				return nil, formReadErr(err)
			}
			if room -= int64(len(b)); room < 0 {
				return nil, &apperr.Error{Kind: apperr.TooLarge, Code: "too_large", Message: "填写的内容过长"}
			}
			text.Add(p.FormName(), string(b))
			continue
		}
		if !hasMaterial(materials, id) {
			continue // not one of the item's: skipped unread
		}
		b, err := s.svc.PutBlob(r.Context(), p, partType(p.Header.Get("Content-Type")))
		var tooBig *http.MaxBytesError
		switch e := apperr.As(err); {
		case errors.As(err, &tooBig):
			return nil, formReadErr(err)
		case e != nil && (e.Kind == apperr.Invalid || e.Kind == apperr.TooLarge):
			d.note("material."+id, uploadMessage(e), e.Kind)
			continue
		case err != nil:
			return nil, err
		}
		uploaded[id] = draftFile{Blob: b.ID, Name: humantext.Clip(p.FileName(), 100)}
	}
	d.take(text)
	for id, f := range uploaded {
		d.Files[id] = f
	}
	for k := range d.errs {
		delete(d.Files, strings.TrimPrefix(k, "material."))
	}
	return d, nil
}

func formReadErr(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return &apperr.Error{Kind: apperr.TooLarge, Code: "too_large", Message: "提交的文件合计过大，请分次上传"}
	}
	return apperr.New(apperr.Malformed, "bad_form", "表单内容无法读取")
}

func hasMaterial(ms []catalog.Material, id string) bool {
	for _, m := range ms {
		if m.ID == id {
			return true
		}
	}
	return false
}

// partType is a file part's declared media type, without parameters.
func partType(ct string) string {
	t, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return ""
	}
	return t
}

// uploadMessage is what a person is told of a refused file: the blob store's words,
// which name no field.
func uploadMessage(e *apperr.Error) string {
	if e.Field == "body" {
		return "文件是空的，请重新选择"
	}
	return e.Message
}

// formJSON turns the typed values into the JSON form the item's definition checks:
// a number or a yes/no as JSON's, everything else as text. A value that is not a
// number stays text, so that the definition's own check names the mistake. An empty
// value is left out, as an unanswered question.
func formJSON(def catalog.Form, values map[string]string) json.RawMessage {
	out := map[string]any{}
	for _, fd := range def {
		v := strings.TrimSpace(values[fd.Key])
		if v == "" {
			continue
		}
		out[fd.Key] = v
		switch fd.Type {
		case catalog.NumberField, catalog.AreaField:
			if x, err := strconv.ParseFloat(v, 64); err == nil {
				out[fd.Key] = x
			}
		case catalog.YesNoField:
			if b, err := strconv.ParseBool(v); err == nil {
				out[fd.Key] = b
			}
		}
	}
	b, _ := json.Marshal(out) // strings, numbers and booleans only
	return b
}

// materials returns the files of the draft in the item's order of materials.
func (d *draft) materials(ms []catalog.Material) []casework.MaterialInput {
	var out []casework.MaterialInput
	for _, m := range ms {
		if f, ok := d.Files[m.ID]; ok {
			out = append(out, casework.MaterialInput{Material: m.ID, Blob: f.Blob})
		}
	}
	return out
}

var materialAt = regexp.MustCompile(`^materials\[(\d+)\]`)

// refuse places an Invalid error's messages beside the inputs they concern: form.<key>
// beside its field, materials[i]… beside the material sent at i (sent lists the
// materials in the order they were sent). It reports whether err was such an error;
// the file of a refused material is dropped from the draft, to be chosen again.
func (d *draft) refuse(err error, sent []casework.MaterialInput) bool {
	e := apperr.As(err)
	if e == nil || e.Kind != apperr.Invalid {
		return false
	}
	all := e.Fields
	if len(all) == 0 {
		all = []*apperr.Error{e}
	}
	for _, f := range all {
		if key, ok := strings.CutPrefix(f.Field, "form."); ok {
			d.note("form."+key, f.Message, apperr.Invalid)
			continue
		}
		if m := materialAt.FindStringSubmatch(f.Field); m != nil {
			if i, _ := strconv.Atoi(m[1]); i < len(sent) {
				id := sent[i].Material
				msg := f.Message
				if strings.Contains(msg, sent[i].Blob) {
					msg = "此文件已失效，请重新选择文件上传" // the message quotes the file's id
				}
				d.note("material."+id, msg, apperr.Invalid)
				delete(d.Files, id)
				continue
			}
		}
		d.other = append(d.other, f.Message)
		d.note("", "", apperr.Invalid)
	}
	return true
}

// newIdemKey is the idempotency key of one review page: posting its confirmation
// again (a double click, a reload) files nothing more.
func newIdemKey() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand never fails
	return hex.EncodeToString(b)
}

var idemPattern = regexp.MustCompile(`^[0-9a-f]{32}$`)

// submitWithKey files req under a page's idempotency key, scoped to the pages so
// that it cannot meet a key an API client chose.
func (s *Server) submitWithKey(r *http.Request, req app.SubmitRequest, key string) (*app.CaseView, error) {
	if !idemPattern.MatchString(key) {
		return nil, apperr.New(apperr.Malformed, "bad_form", "确认页已失效，请返回重新填写")
	}
	v, _, err := s.svc.SubmitCase(r.Context(), req, fmt.Sprintf("page:%s", key))
	return v, err
}
