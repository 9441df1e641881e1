// Material uploads on the applicant's forms, as progressive enhancement: a chosen
// file is checked for its type and size at once, then sent to the server on its
// own with a progress bar, and the form carries only the stored file's id. Without
// this script the form posts its files with everything else, and the server checks
// them the same way.
(function () {
  'use strict';

  function extensionOf(name) {
    var i = name.lastIndexOf('.');
    return i < 0 ? '' : name.slice(i).toLowerCase();
  }

  function mb(bytes) {
    return Math.floor(bytes / 1048576);
  }

  function setup(box, form) {
    var input = box.querySelector('input[type=file]');
    var blob = box.querySelector('[data-blob]');
    var name = box.querySelector('[data-name]');
    var bar = box.querySelector('[data-progress]');
    var error = box.querySelector('[data-error]');
    var accepted = (box.dataset.types || '').split(',');
    var max = Number(box.dataset.max);

    function fail(message) {
      error.textContent = message;
      error.hidden = false;
      input.setAttribute('aria-invalid', 'true');
      input.value = '';
      bar.hidden = true;
    }

    function attached(fileName) {
      var p = box.querySelector('[data-attached]');
      if (!p) {
        p = document.createElement('p');
        p.className = 'attached';
        p.setAttribute('data-attached', '');
        p.setAttribute('role', 'status');
        input.before(p);
      }
      p.textContent = '已上传：' + fileName;
    }

    input.addEventListener('change', function () {
      var file = input.files && input.files[0];
      error.hidden = true;
      input.removeAttribute('aria-invalid');
      if (!file) return;
      var typeOK = accepted.indexOf(extensionOf(file.name)) >= 0 && (file.type === '' || accepted.indexOf(file.type) >= 0);
      if (!typeOK) {
        fail('“' + box.dataset.label + '”只接受 ' + box.dataset.typenames + ' 格式的文件，请重新选择');
        return;
      }
      if (file.size > max) {
        fail('文件过大：“' + box.dataset.label + '”不能超过 ' + mb(max) + ' MB，请压缩后重新选择');
        return;
      }
      if (file.size === 0) {
        fail('文件是空的，请重新选择');
        return;
      }
      var xhr = new XMLHttpRequest();
      form.uploading = (form.uploading || 0) + 1;
      bar.hidden = false;
      bar.value = 0;
      xhr.upload.addEventListener('progress', function (e) {
        if (e.lengthComputable) bar.value = Math.round((e.loaded / e.total) * 100);
      });
      xhr.addEventListener('loadend', function () {
        form.uploading--;
        var body = null;
        try { body = JSON.parse(xhr.responseText); } catch (e) { body = null; }
        if (xhr.status === 201 && body && body.id) {
          bar.value = 100;
          blob.value = body.id;
          name.value = file.name;
          input.value = '';
          attached(file.name);
          return;
        }
        fail((body && body.error && body.error.message) || '上传未成功，请检查网络后重新选择文件');
      });
      xhr.open('POST', '/api/v1/blobs');
      xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
      xhr.send(file);
    });
  }

  document.querySelectorAll('form[data-uploads]').forEach(function (form) {
    form.querySelectorAll('[data-upload]').forEach(function (box) { setup(box, form); });
    form.addEventListener('submit', function (e) {
      if (form.uploading > 0) {
        e.preventDefault();
        window.alert('文件正在上传，请稍候再提交。');
      }
    });
  });
})();
