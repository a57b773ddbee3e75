// Security keys (WebAuthn) with SimpleWebAuthn's browser package: a form marked data-security-key="register" or
// "login" asks the key to sign the options the page carries (#security-key-options), puts the key's answer in the
// form's "credential" field and sends the form. The server checks the answer.
(function () {
  "use strict";

  var form = document.querySelector("form[data-security-key]");
  var source = document.getElementById("security-key-options");
  if (!form || !source) { return; }
  var status = document.getElementById("security-key-status");

  function say(text) {
    status.textContent = text;
    status.hidden = false;
  }

  if (!window.SimpleWebAuthnBrowser || !SimpleWebAuthnBrowser.browserSupportsWebAuthn()) {
    say(form.dataset.unsupported);
    form.querySelector("button[type=submit]").disabled = true;
    return;
  }

  form.addEventListener("submit", function (event) {
    if (form.elements.credential.value) { return; }
    event.preventDefault();
    var optionsJSON = JSON.parse(source.textContent);
    var ask = form.dataset.securityKey === "register" ?
      SimpleWebAuthnBrowser.startRegistration({ optionsJSON: optionsJSON }) :
      SimpleWebAuthnBrowser.startAuthentication({ optionsJSON: optionsJSON });
    say(form.dataset.waiting);
    ask.then(function (answer) {
      form.elements.credential.value = JSON.stringify(answer);
      form.submit();
    }).catch(function () {
      say(form.dataset.failed);
    });
  });
}());
