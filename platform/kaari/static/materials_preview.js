// The live preview beside the material-pack section editor: a moment after typing
// stops, the form is sent with "preview" and the preview is replaced by the server's
// sanitised rendering (the same Markdown path as the PDF). Without JavaScript the
// "Update the preview" button does the same.
(function () {
  const form = document.getElementById("section-form");
  const preview = document.querySelector(".preview");
  if (!form || !preview) return;
  let timer = null;
  async function refresh() {
    const data = new FormData(form);
    data.set("preview", "1");
    const response = await fetch(form.action || window.location.href, { method: "POST", body: data });
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const fresh = page.querySelector(".preview");
    if (fresh) preview.innerHTML = fresh.innerHTML;
  }
  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 400);
  });
})();
