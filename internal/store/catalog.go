package store

import (
	"context"
	"database/sql"
	"encoding/json"

	"yiwang/internal/apperr"
	"yiwang/internal/catalog"
)

var _ catalog.Store = (*Tx)(nil)

// CreateDepartment implements catalog.Store.
func (tx *Tx) CreateDepartment(ctx context.Context, d *catalog.Department) error {
	_, err := tx.exec(ctx, `INSERT INTO departments (code, name) VALUES (?, ?)`, d.Code, d.Name)
	if violationOf(err) == uniqueViolation {
		return apperr.Conflictf("exists", "部门 %s 已存在", d.Code).WithField("code")
	}
	return err
}

// UpsertDepartment implements catalog.Store.
func (tx *Tx) UpsertDepartment(ctx context.Context, d *catalog.Department) error {
	_, err := tx.exec(ctx, `INSERT INTO departments (code, name) VALUES (?, ?)
		ON CONFLICT (code) DO UPDATE SET name = excluded.name`, d.Code, d.Name)
	return err
}

// FindDepartment implements catalog.Store.
func (tx *Tx) FindDepartment(ctx context.Context, code string) (*catalog.Department, error) {
	d := &catalog.Department{}
	err := tx.queryRow(ctx, `SELECT code, name FROM departments WHERE code = ?`, code).Scan(&d.Code, &d.Name)
	if err != nil {
		return nil, notFound(err, "部门 %s 不存在", code)
	}
	return d, nil
}

// FindDepartments implements catalog.Store.
func (tx *Tx) FindDepartments(ctx context.Context) ([]catalog.Department, error) {
	rows, err := tx.query(ctx, `SELECT code, name FROM departments ORDER BY code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ds := []catalog.Department{}
	for rows.Next() {
		var d catalog.Department
		if err := rows.Scan(&d.Code, &d.Name); err != nil {
			return nil, err
		}
		ds = append(ds, d)
	}
	return ds, rows.Err()
}

// CreateHall implements catalog.Store.
func (tx *Tx) CreateHall(ctx context.Context, h *catalog.Hall) error {
	_, err := tx.exec(ctx, `INSERT INTO halls (code, name, kind, region, seq) VALUES (?, ?, ?, ?, ?)`,
		h.Code, h.Name, h.Kind, h.Region, h.Seq)
	if violationOf(err) == uniqueViolation {
		return apperr.Conflictf("exists", "大厅 %s 或其编号已存在", h.Code).WithField("code")
	}
	return err
}

const hallColumns = `code, name, kind, region, seq`

func scanHall(row interface{ Scan(...any) error }) (catalog.Hall, error) {
	var h catalog.Hall
	err := row.Scan(&h.Code, &h.Name, &h.Kind, &h.Region, &h.Seq)
	return h, err
}

// FindHall implements catalog.Store.
func (tx *Tx) FindHall(ctx context.Context, code string) (*catalog.Hall, error) {
	h, err := scanHall(tx.queryRow(ctx, `SELECT `+hallColumns+` FROM halls WHERE code = ?`, code))
	if err != nil {
		return nil, notFound(err, "大厅 %s 不存在", code)
	}
	return &h, nil
}

// FindHalls implements catalog.Store.
func (tx *Tx) FindHalls(ctx context.Context) ([]catalog.Hall, error) {
	rows, err := tx.query(ctx, `SELECT `+hallColumns+` FROM halls ORDER BY region, seq`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	hs := []catalog.Hall{}
	for rows.Next() {
		h, err := scanHall(rows)
		if err != nil {
			return nil, err
		}
		hs = append(hs, h)
	}
	return hs, rows.Err()
}

// FindItemState implements catalog.Store.
func (tx *Tx) FindItemState(ctx context.Context, code string) (catalog.State, error) {
	st := catalog.State{Code: code}
	var pub sql.NullInt64
	err := tx.queryRow(ctx, `SELECT latest_version, published_version, retired FROM items WHERE code = ?`, code).
		Scan(&st.Latest, &pub, &st.Retired)
	st.Published = int(pub.Int64)
	return st, notFound(err, "事项 %s 不存在", code)
}

// SaveItemState implements catalog.Store.
func (tx *Tx) SaveItemState(ctx context.Context, st catalog.State) error {
	_, err := tx.exec(ctx, `INSERT INTO items (code, latest_version, published_version, retired) VALUES (?, ?, ?, ?)
		ON CONFLICT (code) DO UPDATE SET latest_version = excluded.latest_version,
			published_version = excluded.published_version, retired = excluded.retired`,
		st.Code, st.Latest, nullInt(int64(st.Published)), st.Retired)
	return err
}

// FindItemVersion implements catalog.Store.
func (tx *Tx) FindItemVersion(ctx context.Context, code string, version int) (*catalog.Item, error) {
	var data string
	err := tx.queryRow(ctx, `SELECT data FROM item_versions WHERE code = ? AND version = ?`, code, version).Scan(&data)
	if err != nil {
		return nil, notFound(err, "事项 %s 第%d版不存在", code, version)
	}
	return tx.items.decode(data)
}

// SaveItemVersion implements catalog.Store.
func (tx *Tx) SaveItemVersion(ctx context.Context, it *catalog.Item) error {
	data, err := encodeJSON(it)
	if err != nil {
		return err
	}
	_, err = tx.exec(ctx, `INSERT INTO item_versions (code, version, status, name, department, data, updated_at, published_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (code, version) DO UPDATE SET status = excluded.status, name = excluded.name,
			department = excluded.department, data = excluded.data, updated_at = excluded.updated_at,
			published_at = excluded.published_at`,
		it.Code, it.Version, it.Status, it.Name, it.Department, data, ts(it.UpdatedAt), nullTS(it.PublishedAt))
	if violationOf(err) == foreignKeyViolation {
		return apperr.Invalidf("department", "部门 %s 不存在", it.Department)
	}
	return err
}

// FindItems implements catalog.Store.
func (tx *Tx) FindItems(ctx context.Context, f catalog.ItemFilter) ([]catalog.Item, error) {
	q := `SELECT v.data FROM items i JOIN item_versions v ON v.code = i.code AND v.version = i.latest_version
		WHERE i.code > ?`
	if f.PublishedOnly {
		q = `SELECT v.data FROM items i JOIN item_versions v ON v.code = i.code AND v.version = i.published_version
			WHERE i.code > ? AND NOT i.retired`
	}
	args := []any{f.After}
	if f.Department != "" {
		q, args = q+` AND v.department = ?`, append(args, f.Department)
	}
	q += ` ORDER BY i.code`
	if f.Limit > 0 {
		q, args = q+` LIMIT ?`, append(args, f.Limit)
	}
	return tx.queryItems(ctx, q, args...)
}

func (tx *Tx) queryItems(ctx context.Context, q string, args ...any) ([]catalog.Item, error) {
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	items := []catalog.Item{}
	for rows.Next() {
		var data string
		if err := rows.Scan(&data); err != nil {
			return nil, err
		}
		it, err := tx.items.decode(data)
		if err != nil {
			return nil, err
		}
		items = append(items, *it)
	}
	return items, rows.Err()
}

// UpsertBundle implements catalog.Store.
func (tx *Tx) UpsertBundle(ctx context.Context, b *catalog.Bundle) error {
	data, err := encodeJSON(b)
	if err != nil {
		return err
	}
	_, err = tx.exec(ctx, `INSERT INTO bundles (code, data) VALUES (?, ?)
		ON CONFLICT (code) DO UPDATE SET data = excluded.data`, b.Code, data)
	return err
}

// FindBundles implements catalog.Store.
func (tx *Tx) FindBundles(ctx context.Context) ([]catalog.Bundle, error) {
	rows, err := tx.query(ctx, `SELECT data FROM bundles ORDER BY code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	bs := []catalog.Bundle{}
	for rows.Next() {
		var data string
		var b catalog.Bundle
		if err := rows.Scan(&data); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(data), &b); err != nil {
			return nil, err
		}
		bs = append(bs, b)
	}
	return bs, rows.Err()
}
