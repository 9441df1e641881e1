// The window console's progressive enhancement: an ID number or credit code is
// checked as it is typed, with the check characters of internal/civicid (the
// server checks again whatever this says); a form is sent once; the print button.
(function () {
  'use strict';

  var idWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  var idChecks = '10X98765432';
  var creditAlphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  var orgWeights = [3, 7, 9, 10, 5, 8, 4, 2];

  // idProblem returns why s is not a citizen ID number (GB 11643, ISO 7064 MOD 11-2), or ''.
  function idProblem(s) {
    s = s.trim().replace(/x/g, 'X');
    if (s.length !== 18) return '身份证号码应为18位';
    if (!/^[0-9]{17}[0-9X]$/.test(s)) return '身份证号码前17位应为数字，最后一位应为数字或X';
    var sum = 0;
    for (var i = 0; i < 17; i++) sum += (s.charCodeAt(i) - 48) * idWeights[i];
    return idChecks.charAt(sum % 11) === s.charAt(17) ? '' : '身份证号码校验位不正确';
  }

  // creditProblem returns why s is not a unified social credit code (GB 32100), or ''.
  function creditProblem(s) {
    s = s.trim().replace(/[a-z]/g, function (c) { return c.toUpperCase(); });
    if (s.length !== 18) return '统一社会信用代码应为18位';
    var sum = 0, w = 1;
    for (var i = 0; i < 18; i++) {
      if (creditAlphabet.indexOf(s.charAt(i)) < 0) return '统一社会信用代码只能包含数字和大写字母（不使用I、O、S、V、Z）';
    }
    if (!/^[0-9]{6}$/.test(s.slice(2, 8))) return '统一社会信用代码第3至8位（行政区划码）应为数字';
    for (i = 0; i < 17; i++) {
      sum += creditAlphabet.indexOf(s.charAt(i)) * w;
      w = (w * 3) % 31;
    }
    if (creditAlphabet.charAt((31 - sum % 31) % 31) !== s.charAt(17)) return '统一社会信用代码校验位不正确';
    var org = 0;
    for (i = 0; i < 8; i++) {
      var c = s.charAt(8 + i);
      org += (c >= 'A' ? c.charCodeAt(0) - 55 : c.charCodeAt(0) - 48) * orgWeights[i];
    }
    var r = 11 - org % 11;
    var want = r === 10 ? 'X' : r === 11 ? '0' : String(r);
    return want === s.charAt(16) ? '' : '统一社会信用代码中的组织机构代码无效';
  }

  // errorBeside returns the element that shows input's error: the one of its
  // described-by elements that is a field error.
  function errorBeside(input) {
    var ids = (input.getAttribute('aria-describedby') || '').split(/\s+/);
    for (var i = 0; i < ids.length; i++) {
      var el = ids[i] && document.getElementById(ids[i]);
      if (el && el.classList.contains('field-error')) return el;
    }
    return null;
  }

  function check(input, final) {
    var v = input.value;
    var problem = '';
    if (v.trim() !== '' && (final || v.trim().length >= 18)) {
      problem = input.dataset.check === 'id_number' ? idProblem(v) : creditProblem(v);
    }
    input.setCustomValidity(problem);
    if (problem) input.setAttribute('aria-invalid', 'true'); else input.removeAttribute('aria-invalid');
    var out = errorBeside(input);
    if (out && (problem || out.dataset.typed)) {
      out.textContent = problem;
      out.dataset.typed = '1';
    }
  }

  document.querySelectorAll('input[data-check]').forEach(function (input) {
    input.addEventListener('input', function () { check(input, false); });
    input.addEventListener('blur', function () { check(input, true); });
  });

  // A form sent once: the button is disabled while the page loads the answer. The
  // server's idempotency key is what really prevents a second filing.
  document.querySelectorAll('form[data-once]').forEach(function (form) {
    form.addEventListener('submit', function () {
      var b = form.querySelector('button[type=submit]');
      if (!b) return;
      setTimeout(function () {
        b.disabled = true;
        if (b.dataset.busy) b.textContent = b.dataset.busy;
      }, 0);
    });
  });

  document.querySelectorAll('[data-print]').forEach(function (b) {
    b.addEventListener('click', function () { window.print(); });
  });
})();
