// The co-author chooser (governance/widgets.py): search members by name, tick to add.
(function () {
  const MINIMUM_QUERY = 2;

  function element(tag, properties, ...children) {
    const node = Object.assign(document.createElement(tag), properties);
    node.append(...children);
    return node;
  }

  function setUp(chooser) {
    const search = chooser.querySelector('[data-search]');
    const results = chooser.querySelector('[data-results]');
    const chosen = chooser.querySelector('[data-chosen]');
    let timer = null;
    let latest = 0;

    function isChosen(member) {
      return Array.from(chosen.querySelectorAll('input')).some(
        (box) => box.value === String(member.id),
      );
    }

    function choose(member) {
      if (!isChosen(member)) {
        const box = element('input', {
          type: 'checkbox', name: chooser.dataset.name, value: member.id, checked: true,
        });
        chosen.append(element('li', {}, element('label', {}, box, ' ', member.name)));
      }
      results.replaceChildren();
      search.value = '';
      search.focus();
    }

    function offer(member) {
      const button = element('button', {
        type: 'button', className: 'button button-small button-secondary',
      }, `Add ${member.name}`);
      button.addEventListener('click', () => choose(member));
      return element('li', {}, button);
    }

    async function find(query) {
      latest += 1;
      const asked = latest;
      if (query.length < MINIMUM_QUERY) {
        results.replaceChildren();
        return;
      }
      const url = `${chooser.dataset.searchUrl}?q=${encodeURIComponent(query)}`;
      const response = await fetch(url, { headers: { Accept: 'application/json' } });
      if (!response.ok || asked !== latest) return;
      const members = (await response.json()).results.filter((member) => !isChosen(member));
      results.replaceChildren(
        ...(members.length ? members.map(offer) : [element('li', {}, 'No other member by that name.')]),
      );
    }

    search.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(() => find(search.value.trim()), 250);
    });
    // Enter in the search must not submit the whole page.
    search.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') event.preventDefault();
    });
  }

  function setUpAll() {
    document.querySelectorAll('[data-co-author-chooser]').forEach(setUp);
  }

  // The editor may load this script in its head, before the form.
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', setUpAll);
  } else {
    setUpAll();
  }
}());
