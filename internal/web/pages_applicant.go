package web

import (
	"fmt"
	"io/fs"
	"net/http"
	"slices"
	"strings"
	"sync"

	"yiwang/internal/access"
	"yiwang/internal/app"
	"yiwang/internal/apperr"
	"yiwang/internal/catalog"
)

// applicantPages routes an applicant's pages: apply for an item, my cases, a case's correction and withdrawal.
func (s *Server) applicantPages(m *routeTable) {
	m.Handle("GET /items/{code}/apply", s.pageFor(s.applyPage, access.Applicant))
	m.Handle("POST /items/{code}/apply", s.pageFor(s.applySubmit, access.Applicant))
	m.Handle("POST /items/{code}/apply/confirm", s.pageFor(s.applyConfirm, access.Applicant))
	m.Handle("GET /my/cases", s.pageFor(s.myCasesPage, access.Applicant))
	m.Handle("GET /my/cases/{number}", s.pageFor(s.myCasePage, access.Applicant))
	m.Handle("POST /my/cases/{number}/supplement", s.pageFor(s.supplementSubmit, access.Applicant))
	m.Handle("GET /my/cases/{number}/withdraw", s.pageFor(s.withdrawPage, access.Applicant))
	m.Handle("POST /my/cases/{number}/withdraw", s.pageFor(s.withdrawSubmit, access.Applicant))
}

// applyView is the application form of an item, and its review before filing.
type applyView struct {
	base
	Item      *catalog.Item
	Fields    []applyField
	Materials []applyMaterial
	// Notice heads a refused form; Other are refusals that stand beside no input.
	Notice string
	Other  []string
	// The review's: the idempotency key of its confirmation, and the required
	// materials not attached, which the window will ask for.
	IdemKey string
	Missing []string
	// MaxMB is the largest file the server takes at all.
	MaxMB    int64
	UploadJS string
}

// uploadJSURL is the address of the pages' upload script, with a content hash as
// the stylesheet's has, since static files are cached for good.
var uploadJSURL = sync.OnceValue(func() string {
	b, _ := fs.ReadFile(staticFS, "static/js/upload.js") // embedded: present, or the build has no page to serve
	return "/static/js/upload.js?v=" + contentHash(b)
})

// applyField is one form field as the page asks it.
type applyField struct {
	catalog.FormField
	ID, Value, Error string
	// Input is how it is asked: text, textarea, select, yesno or date; Mode, Pattern
	// and Complete are the text input's inputmode, pattern and autocomplete.
	Input, Mode, Pattern, Complete string
}

// Shown is the value as the review shows it.
func (f applyField) Shown() string {
	if f.Type == catalog.YesNoField {
		return map[string]string{"true": "是", "false": "否"}[f.Value]
	}
	return f.Value
}

// applyMaterial is one material of the item with the file attached to it, if any.
type applyMaterial struct {
	catalog.Material
	File    draftFile
	HasFile bool
	Error   string
	// Accept lists the file types for the file input; Types names them for people;
	// MaxBytes is the material's size limit, which the page's script checks first.
	Accept, Types string
	MaxBytes      int64
}

// fieldInputs are how each field type is asked: the input, its inputmode, its
// pattern (what the definition's check accepts, so the browser can say it first)
// and its autocomplete.
var fieldInputs = map[catalog.FieldType][4]string{
	catalog.TextField:       {"text", "", "", ""},
	catalog.LongTextField:   {"textarea", "", "", ""},
	catalog.NumberField:     {"text", "decimal", `-?[0-9]+(\.[0-9]+)?`, "off"},
	catalog.AreaField:       {"text", "decimal", `[0-9]+(\.[0-9]+)?`, "off"},
	catalog.DateField:       {"date", "", "", ""},
	catalog.SelectField:     {"select", "", "", ""},
	catalog.YesNoField:      {"yesno", "", "", ""},
	catalog.IDNumberField:   {"text", "", `[0-9]{17}[0-9Xx]`, "off"},
	catalog.CreditCodeField: {"text", "", `[0-9A-Za-z]{18}`, "off"},
	catalog.PhoneField:      {"tel", "numeric", `1[0-9]{10}`, "tel"},
	catalog.AddressField:    {"text", "", "", "street-address"},
}

func (s *Server) applyView(r *http.Request, it *catalog.Item, d *draft) applyView {
	v := applyView{base: s.base(r, "在线申请 · "+it.Name), Item: it, Other: d.other, MaxMB: s.svc.MaxBlobSize() >> 20, UploadJS: uploadJSURL()}
	for i, fd := range it.Form {
		in := fieldInputs[fd.Type]
		f := applyField{FormField: fd, ID: fmt.Sprintf("f-%d", i), Value: d.Values[fd.Key], Error: d.Error("form." + fd.Key),
			Input: in[0], Mode: in[1], Pattern: in[2], Complete: in[3]}
		if fd.Pattern != "" && f.Pattern == "" {
			f.Pattern = fd.Pattern
		}
		v.Fields = append(v.Fields, f)
	}
	for _, m := range it.Materials {
		am := applyMaterial{Material: m, Error: d.Error("material." + m.ID), MaxBytes: min(int64(m.MaxMB)<<20, s.svc.MaxBlobSize())}
		am.File, am.HasFile = d.Files[m.ID]
		var accept, types []string
		for _, ext := range m.FileTypes {
			accept = append(accept, "."+ext, catalog.FileTypes[ext])
			types = append(types, strings.ToUpper(ext))
		}
		am.Accept, am.Types = strings.Join(accept, ","), strings.Join(types, "、")
		v.Materials = append(v.Materials, am)
		if m.Required && !am.HasFile {
			v.Missing = append(v.Missing, m.Name)
		}
	}
	return v
}

// onlineItem is the published item of the path, if it is applied for online.
func (s *Server) onlineItem(r *http.Request) (*catalog.Item, error) {
	it, err := s.svc.Item(r.Context(), r.PathValue("code"), 0)
	if err != nil {
		return nil, err
	}
	if !it.AppliesOnline() {
		return nil, apperr.Conflictf("not_online", "“%s”暂不支持网上申请，请携带材料到政务服务中心窗口办理。", it.Name)
	}
	return it, nil
}

func (s *Server) applyPage(w http.ResponseWriter, r *http.Request) error {
	it, err := s.onlineItem(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "apply", s.applyView(r, it, newDraft()))
}

// applySubmit takes the filled form and its files: the files are stored as they
// arrive, the whole checked as SubmitCase would file it, and either the form comes
// back with each refusal beside its input, or the review page shows what will be
// filed. 修改 on the review posts here too, and gets the form back as it was.
func (s *Server) applySubmit(w http.ResponseWriter, r *http.Request) error {
	setWriteDeadline(w, longAnswer) // files up a hall's slow line
	it, err := s.onlineItem(r)
	if err != nil {
		return err
	}
	d, err := s.readDraft(w, r, it.Materials)
	if err != nil {
		return err
	}
	if d.step == "edit" {
		return s.render(w, r, http.StatusOK, "apply", s.applyView(r, it, d))
	}
	req := app.SubmitRequest{Item: it.Code, Form: formJSON(it.Form, d.Values), Materials: d.materials(it.Materials)}
	err = s.svc.CheckApplication(r.Context(), req)
	if !d.refuse(err, req.Materials) && err != nil {
		return err
	}
	if d.refused() {
		return s.refusedForm(w, r, it, d)
	}
	v := s.applyView(r, it, d)
	v.Title, v.IdemKey = "核对申请 · "+it.Name, newIdemKey()
	return s.render(w, r, http.StatusOK, "apply_review", v)
}

func (s *Server) refusedForm(w http.ResponseWriter, r *http.Request, it *catalog.Item, d *draft) error {
	v := s.applyView(r, it, d)
	v.Notice = "申请还不能提交，请按提示修改后重新提交。"
	return s.render(w, r, statusByKind[d.kind], "apply", v)
}

// applyConfirm files the reviewed application under the review page's idempotency
// key: a second post of the same page (a double click, a reload) files nothing more
// and leads to the case the first one filed.
func (s *Server) applyConfirm(w http.ResponseWriter, r *http.Request) error {
	it, err := s.onlineItem(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r, maxDraftText); err != nil {
		return err
	}
	d := newDraft()
	d.take(r.PostForm)
	req := app.SubmitRequest{Item: it.Code, Form: formJSON(it.Form, d.Values), Materials: d.materials(it.Materials)}
	v, err := s.submitWithKey(r, req, r.PostForm.Get("idem"))
	if d.refuse(err, req.Materials) {
		return s.refusedForm(w, r, it, d)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/my/cases/"+v.Number+"?filed=1", http.StatusSeeOther)
	return nil
}

// hasAction reports whether acts holds act's name: what the case page offers.
func hasAction[T ~string](acts []T, act T) bool { return slices.Contains(acts, act) }
