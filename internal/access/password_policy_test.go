package access

import (
	"strings"
	"testing"
)

func TestCheckNewPassword(t *testing.T) {
	personal := []string{"zhangsan", "张三", "370211198503152138", "13800000001"}
	refused := []string{"", "short", "123456789", "password", "PASSWORD2026!", "iloveyou123", "woaini1314520",
		"1q2w3e4r5t", "0123456789", "abcdefghijkl", "zyxwvutsrq", "7890123456", "zzzzzzzzzz", "abababababab", "1231231231",
		"zhangsan2026", "my-zhangsan-1", "x370211198503152138", "138000000012", "张三张三张三张三张三",
		strings.Repeat("长", 25)} // 75 bytes: bcrypt would read only 72
	for _, p := range refused {
		if err := CheckNewPassword(p, personal...); err == nil {
			t.Errorf("%q accepted", p)
		}
	}
	for _, p := range []string{"yiwang-demo", "a-long-passphrase-1", "seven-green-lanterns", "Tq7!mZ2x#pLw", "山东省青岛市海边的风"} {
		if err := CheckNewPassword(p, personal...); err != nil {
			t.Errorf("%q refused: %v", p, err)
		}
	}
	if err := CheckNewPassword("abc-1234-xyz", "abc"); err != nil {
		t.Errorf("a personal value of three characters is too short to forbid: %v", err)
	}
}

func TestCommonPasswordListLoaded(t *testing.T) {
	if len(commonPasswords) < 100 || !commonPasswords["password"] || commonPasswords[""] {
		t.Errorf("%d common passwords loaded", len(commonPasswords))
	}
}
