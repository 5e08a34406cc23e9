// A ready sign-in link (`make run` prints one) carries the token in the URL
// fragment, which browsers never send to a server: post it once as the
// sign-in form, and take it out of the address bar and history first.
const prefix = "#access_token=";
if (window.location.hash.startsWith(prefix)) {
  const token = decodeURIComponent(window.location.hash.slice(prefix.length));
  window.history.replaceState(null, "", window.location.pathname);
  const form = document.getElementById("sign-in-form");
  if (form && token) {
    form.elements.access_token.value = token;
    form.submit();
  }
}
