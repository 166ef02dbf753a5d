// The import page while a job runs: every few seconds the page is fetched again and
// the progress replaced; when the job has finished the page loads the result.
// Without JavaScript the "Refresh" link does the same.
(function () {
  const progress = document.getElementById("import-progress");
  if (!progress) return;
  const seconds = Number(progress.dataset.refresh || 3);
  async function poll() {
    const response = await fetch(window.location.href, { headers: { Accept: "text/html" } });
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const fresh = page.getElementById("import-progress");
    if (!fresh) {
      window.location.reload();
      return;
    }
    progress.innerHTML = fresh.innerHTML;
    setTimeout(poll, seconds * 1000);
  }
  setTimeout(poll, seconds * 1000);
})();
