package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"yiwang/internal/access"
	"yiwang/internal/casework"
	"yiwang/internal/catalog"
	"yiwang/internal/workday"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Every templates/NAME.html is the page NAME, filling layout.html's "content";
// the partials, templates/_*.html, are parsed into every page.
const (
	layoutFile     = "templates/layout.html"
	partialPattern = "templates/_*.html"
)

type pages struct {
	views map[string]*template.Template
	// css is the stylesheet bundle (static/css/*.css in name order) and cssURL
	// its address; htmxURL is the embedded htmx's. Both URLs carry a content hash.
	css             []byte
	cssURL, htmxURL string
}

// loadPages parses every view once at start-up and fails fast on any error.
func loadPages() (*pages, error) {
	funcs := template.FuncMap{"deref": func(b *bool) bool { return b != nil && *b }}
	p := &pages{views: map[string]*template.Template{}}
	files, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	partials, err := fs.Glob(templateFS, partialPattern)
	if err != nil {
		return nil, err
	}
	for _, file := range files {
		base := path.Base(file)
		if file == layoutFile || strings.HasPrefix(base, "_") {
			continue
		}
		name := strings.TrimSuffix(base, ".html")
		t, err := template.New(name).Funcs(funcs).ParseFS(templateFS, append([]string{layoutFile, file}, partials...)...)
		if err != nil {
			return nil, err
		}
		p.views[name] = t
	}
	sheets, err := fs.Glob(staticFS, "static/css/*.css")
	if err != nil {
		return nil, err
	}
	for _, f := range sheets {
		b, err := fs.ReadFile(staticFS, f)
		if err != nil {
			return nil, err
		}
		p.css = append(append(p.css, b...), '\n')
	}
	p.cssURL = "/static/app.css?v=" + contentHash(p.css)
	htmx, err := fs.ReadFile(staticFS, "static/vendor/htmx.min.js")
	if err != nil {
		return nil, err
	}
	p.htmxURL = "/static/vendor/htmx.min.js?v=" + contentHash(htmx)
	return p, nil
}

func contentHash(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

// staticHandler serves the embedded assets and the stylesheet bundle; their URLs
// carry a content hash, so they may be cached for good.
func (p *pages) staticHandler() http.Handler {
	sub, _ := fs.Sub(staticFS, "static")
	files := http.FileServerFS(sub)
	modified := time.Time{}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		if r.URL.Path == "app.css" {
			w.Header().Set("Content-Type", "text/css; charset=utf-8")
			http.ServeContent(w, r, "app.css", modified, bytes.NewReader(p.css))
			return
		}
		files.ServeHTTP(w, r)
	})
}

// base is what every page shows and the helpers its templates call.
type base struct {
	Title string
	CSS   string
	HTMX  string
	// User is who is logged in, if anyone: the header names them and offers log-out.
	User *access.Actor
	// Nav is the navigation bar for User's role; Unread counts User's unread
	// messages, shown beside 消息.
	Nav    []navEntry
	Unread int
	// Path is the page's own path, which the bar marks as the current one.
	Path  string
	depts *deptNames
}

// deptNames are the departments' names, read when a page first asks for one:
// most pages name none, and a page is not to pay for a query it does not need.
type deptNames struct {
	once  sync.Once
	load  func() map[string]string
	names map[string]string
}

// DeptName returns a department's name.
func (b base) DeptName(code string) string {
	if b.depts == nil {
		return code
	}
	b.depts.once.Do(func() { b.depts.names = b.depts.load() })
	if n, ok := b.depts.names[code]; ok {
		return n
	}
	return code
}

var kindNames = map[catalog.ItemKind]string{
	catalog.License: "行政许可", catalog.Confirmation: "行政确认", catalog.Payment: "行政给付", catalog.Levy: "行政征收",
	catalog.Award: "行政奖励", catalog.Ruling: "行政裁决", catalog.OtherPower: "其他行政权力", catalog.PublicService: "公共服务",
}

// KindName returns the Chinese name of an item kind.
func (base) KindName(k catalog.ItemKind) string { return kindNames[k] }

// StatusName returns the Chinese name of a case status.
func (base) StatusName(s casework.Status) string { return s.Name() }

// LightName returns the Chinese name of a warning light.
func (base) LightName(l casework.Light) string {
	return map[casework.Light]string{casework.Blue: "正常", casework.Yellow: "临近期限", casework.Red: "已超期"}[l]
}

var fieldTypeHints = map[catalog.FieldType]string{
	catalog.TextField: "文字", catalog.LongTextField: "文字，可分段", catalog.NumberField: "数字", catalog.DateField: "日期",
	catalog.SelectField: "从选项中选择", catalog.YesNoField: "是或否", catalog.IDNumberField: "18位居民身份证号码",
	catalog.CreditCodeField: "18位统一社会信用代码", catalog.PhoneField: "11位手机号码", catalog.AddressField: "详细地址",
	catalog.AreaField: "面积，单位平方米",
}

// FieldHint says what a form field asks for: its type, its choices and limits,
// and the help the catalog gives.
func (base) FieldHint(fd catalog.FormField) string {
	var parts []string
	hint := fieldTypeHints[fd.Type]
	if fd.Type == catalog.SelectField {
		hint += "：" + strings.Join(fd.Options, "、")
	}
	parts = append(parts, hint)
	if fd.MaxLength > 0 {
		parts = append(parts, fmt.Sprintf("不超过%d个字", fd.MaxLength))
	}
	if fd.Min != nil {
		parts = append(parts, "不小于"+strconv.FormatFloat(*fd.Min, 'f', -1, 64))
	}
	if fd.Max != nil {
		parts = append(parts, "不大于"+strconv.FormatFloat(*fd.Max, 'f', -1, 64))
	}
	if fd.Help != "" {
		parts = append(parts, fd.Help)
	}
	return strings.Join(parts, "；")
}

// Time formats an instant in Beijing time.
func (base) Time(t any) string {
	switch v := t.(type) {
	case time.Time:
		return v.In(workday.Beijing).Format("2006-01-02 15:04")
	case *time.Time:
		if v != nil {
			return v.In(workday.Beijing).Format("2006-01-02 15:04")
		}
	}
	return ""
}

func (s *Server) base(r *http.Request, title string) base {
	ctx := r.Context()
	b := base{Title: title, CSS: s.pages.cssURL, HTMX: s.pages.htmxURL, Path: r.URL.Path, depts: &deptNames{load: func() map[string]string {
		names := map[string]string{}
		if ds, err := s.svc.Departments(ctx); err == nil {
			for _, d := range ds {
				names[d.Code] = d.Name
			}
		}
		return names
	}}}
	if a, ok := access.FromContext(ctx); ok {
		b.User = &a
		b.Nav = s.navFor(a)
		if a.Role == access.Applicant {
			// The badge is a courtesy: a failed count leaves it out, not the page.
			b.Unread, _ = s.svc.UnreadMessages(r.Context())
		}
	}
	return b
}

// render writes a page, buffered so that a template error never sends half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, view string, data any) error {
	var buf bytes.Buffer
	if err := s.pages.views[view].ExecuteTemplate(&buf, "layout", data); err != nil {
		return fmt.Errorf("render %s: %w", view, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w) // the visitor has gone if this fails; nothing left to tell them
	return nil
}
