// Package demo seeds a demo district: the catalog of catalog-demo.json, staff of
// every role, applicants, and cases in the states a newcomer should see. Every
// record is made through the app service, so the demo's audit trail is real.
package demo

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	"yiwang/internal/access"
	"yiwang/internal/app"
	"yiwang/internal/blob"
	"yiwang/internal/casework"
	"yiwang/internal/catalog"
	"yiwang/internal/workday"
)

//go:embed catalog-demo.json
var catalogJSON []byte

// Login is one demo account, as printed for the newcomer.
type Login struct {
	Username string
	Role     string
	Note     string
}

// Logins are the demo accounts; all share one password.
var Logins = []Login{
	{"admin", "admin", "系统管理员"},
	{"clerk", "clerk", "区政务服务中心综合窗口"},
	{"clerk2", "clerk", "长江路街道便民服务中心窗口"},
	{"approver", "approver", "区市场监督管理局审批人员（食品经营许可）"},
	{"approver-wjj", "approver", "区卫生健康局审批人员"},
	{"approver-rsj", "approver", "区人力资源和社会保障局审批人员"},
	{"approver-zrzy", "approver", "区自然资源局审批人员（建设工程规划许可）"},
	{"approver-zjj", "approver", "区住房和城乡建设局审批人员（并联现场踏勘）"},
	{"certofficer", "certificate_officer", "区政务服务中心制证出证"},
	{"supervisor", "supervisor", "督查（全区）"},
	{"zhangsan", "applicant", "申请人张三（自然人）"},
	{"haixian", "applicant", "申请人 青岛海味餐饮有限公司（法人）"},
}

var staff = []app.StaffInput{
	{Username: "clerk", Name: "王窗口", Role: access.Clerk, Hall: "hall-district"},
	{Username: "clerk2", Name: "赵街道", Role: access.Clerk, Hall: "hall-street-1"},
	{Username: "approver", Name: "刘审批", Role: access.Approver, Department: "scjg"},
	{Username: "approver-wjj", Name: "陈卫健", Role: access.Approver, Department: "wjj"},
	{Username: "approver-rsj", Name: "孙人社", Role: access.Approver, Department: "rsj"},
	{Username: "approver-zrzy", Name: "钱规划", Role: access.Approver, Department: "zrzy"},
	{Username: "approver-zjj", Name: "郑住建", Role: access.Approver, Department: "zjj"},
	{Username: "certofficer", Name: "周出证", Role: access.CertificateOfficer, Hall: "hall-district"},
	{Username: "supervisor", Name: "吴督查", Role: access.Supervisor},
}

// stepClock is the seed's clock: each step of the story happens at a set instant.
type stepClock struct{ t time.Time }

func (c *stepClock) Now() time.Time { return c.t }

// Seeder builds the demo district up to now.
type Seeder struct {
	DB       app.Database
	Blobs    *blob.Dir
	Region   string
	Password string
	Log      *slog.Logger

	svc    *app.Service
	clock  *stepClock
	tokens map[string]access.Actor
}

// Seed creates everything. The story runs over the working days before now, so
// that lights, deadlines and Art. 32 are visible the moment the demo starts.
func (s *Seeder) Seed(ctx context.Context, now time.Time) (err error) {
	defer func() {
		if err != nil {
			err = fmt.Errorf("demo seed: %w", err)
		}
	}()
	// The story runs over the 16 working days before now, at 09:30 in the hall.
	const storyDays = 16
	cal := workday.Embedded()
	days := []time.Time{now.Add(-10 * time.Minute)}
	for d := workday.DateOf(now); len(days) <= storyDays; {
		d = d.AddDays(-1)
		ok, err := cal.IsWorkday(d)
		if err != nil {
			return fmt.Errorf("--now %s is too early for the holiday calendar: %w", now.Format(time.RFC3339), err)
		}
		if ok {
			days = append(days, d.Time().Add(9*time.Hour+30*time.Minute))
		}
	}
	day := func(n int) time.Time { return days[n] } // n working days before now
	if err := s.SetupAt(ctx, day(16)); err != nil {
		return err
	}
	return s.cases(ctx, day)
}

// SetupAt creates the district as of at: catalog, staff and applicants, no cases.
func (s *Seeder) SetupAt(ctx context.Context, at time.Time) (err error) {
	s.clock = &stepClock{t: at}
	if s.svc, err = app.New(ctx, s.DB, s.Blobs, s.clock, app.Config{Region: s.Region}, s.Log); err != nil {
		return err
	}
	return s.setup(ctx)
}

func (s *Seeder) setup(ctx context.Context) error {
	// The first administrator is made by the installer, not by another administrator.
	if _, err := s.svc.BootstrapAdmin(ctx, "admin", "系统管理员", s.Password); err != nil {
		return err
	}
	u, err := s.svc.UserByUsername(ctx, "admin")
	if err != nil {
		return err
	}
	actx := access.NewContext(ctx, u.Actor())
	var ex catalog.Export
	if err := json.Unmarshal(catalogJSON, &ex); err != nil {
		return err
	}
	if _, err := s.svc.ImportCatalog(actx, &ex); err != nil {
		return err
	}
	for _, in := range staff {
		in.Password = s.Password
		if _, err := s.svc.CreateStaff(actx, in); err != nil {
			return err
		}
	}
	regs := []app.Registration{
		{Username: "zhangsan", Password: s.Password, Kind: casework.Person, Name: "张三", IDNumber: "370211198503152138", Phone: "13800000001"},
		{Username: "haixian", Password: s.Password, Kind: casework.Organisation, Name: "青岛海味餐饮有限公司", CreditCode: "91370211MA3C0YQB11", Phone: "13800000002"},
	}
	for _, r := range regs {
		if _, err := s.svc.RegisterApplicant(ctx, r); err != nil {
			return err
		}
	}
	return nil
}
