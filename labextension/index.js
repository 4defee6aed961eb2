// The student's JupyterLab, two plugins (see README.md beside this file).
//
// validate: the notebook toolbar's Validate button. nbgrader's own dialog heads every entry of
// the server's answer with "The following cell failed:" and shows it unwrapped; this one saves
// the notebook, asks the same server route (POST /assignments/validate?path=...) and shows the
// course's summary first (a line per test, ✓ or ✗), then each failing test by name with its
// message, wrapped. It takes nbgrader's place only where nbgrader's validate plugin is disabled
// (the student wheel's page_config does it), so a lab never shows two Validate buttons.
//
// kernel-info: JupyterLab writes the running kernel's language_info (its Python version...)
// into a notebook's metadata when the kernel starts, which marks a notebook the student has not
// touched as unsaved. That change alone leaves the notebook clean.
//
// Everything shown comes from the student's own notebook: it is set as text, never as HTML.

import { Dialog, showDialog } from '@jupyterlab/apputils';
import { PageConfig, URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';
import { Widget } from '@lumino/widgets';

const NBGRADER_VALIDATE = '@jupyter/nbgrader:validate-assignment';

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) {
    node.className = className;
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

async function validate(path) {
  const settings = ServerConnection.makeSettings();
  const query = new URLSearchParams({ path }).toString();
  const url = URLExt.join(settings.baseUrl, 'assignments/validate') + '?' + query;
  const response = await ServerConnection.makeRequest(url, { method: 'POST' }, settings);
  const answer = await response.json();
  if (!response.ok) {
    throw new ServerConnection.ResponseError(response, answer.message);
  }
  return answer;
}

function sources(node, heading, cells) {
  node.append(element('p', 'nn-course-heading', heading));
  for (const cell of cells) {
    node.append(element('pre', 'nn-course-text', cell.source));
  }
}

// The dialog's content for the server's answer ({success, value}), appended to `node`.
function render(answer, node) {
  if (answer.success !== true) {
    node.append(element('p', 'nn-course-heading', 'Validate could not run the notebook:'));
    node.append(element('pre', 'nn-course-text', String(answer.value)));
    return;
  }
  const value = typeof answer.value === 'string' ? JSON.parse(answer.value) : answer.value;
  if (value.type_changed) {
    sources(node, 'These cells changed type; change each back:', value.type_changed);
    return;
  }
  if (value.changed) {
    sources(node, 'These given cells were changed; put each back as given:', value.changed);
    return;
  }
  const summary = value.summary;
  if (summary) {
    const passing = summary.tests.filter(test => test.passed).length;
    const heading = `${passing} of ${summary.tests.length} tests pass:`;
    node.append(element('p', 'nn-course-heading', heading));
    const list = element('pre', 'nn-course-text nn-course-summary');
    list.textContent = summary.tests
      .map(test => `${test.passed ? '✓' : '✗'} ${test.name}`)
      .join('\n');
    node.append(list);
    if (summary.failures.length) {
      node.append(element('p', 'nn-course-note', summary.note));
    }
    for (const failure of summary.failures) {
      node.append(element('p', 'nn-course-heading', `✗ ${failure.name}`));
      node.append(element('pre', 'nn-course-text', failure.message));
    }
    return;
  }
  if (value.failed) {
    // a server without the course's summary (nbgrader's own handler): each cell and its error
    node.append(element('p', 'nn-course-heading', `${value.failed.length} cells failed:`));
    for (const cell of value.failed) {
      node.append(element('pre', 'nn-course-text', cell.source));
      node.append(element('pre', 'nn-course-text', cell.raw_error));
    }
    return;
  }
  node.append(element('p', 'nn-course-heading', 'Every test passes.'));
}

class ValidateButton extends Widget {
  constructor(panel) {
    super();
    this.panel = panel;
    this.addClass('jp-ToolbarButton');
    this.addClass('jp-Toolbar-item');
    this.button = element('button', 'jp-ToolbarButtonComponent jp-mod-minimal jp-Button');
    this.button.title = 'Run every cell and list every test, ✓ or ✗';
    this.label = element('span', 'jp-ToolbarButtonComponent-label', 'Validate');
    this.button.append(this.label);
    this.button.addEventListener('click', () => void this.run());
    this.node.append(this.button);
  }

  async run() {
    const context = this.panel.context;
    let title = 'Validation Results';
    const node = element('div', 'nn-course-validation');
    node.id = 'validation-message';
    this.button.disabled = true;
    try {
      this.label.textContent = 'Saving...';
      await context.save();
      this.label.textContent = 'Validating...';
      render(await validate(context.path), node);
    } catch (error) {
      title = 'Validation failed';
      node.append(element('p', '', `Validate could not reach the server: ${error}`));
    } finally {
      this.label.textContent = 'Validate';
      this.button.disabled = false;
    }
    await showDialog({ title, body: new Widget({ node }), buttons: [Dialog.okButton()] });
  }
}

function toolbarIndex(toolbar) {
  // where nbgrader puts its button: after the built-in buttons, before the spacer
  let index = 0;
  for (const item of toolbar.children()) {
    if (item.node.classList.contains('jp-Toolbar-spacer')) {
      break;
    }
    index++;
  }
  return index;
}

const validatePlugin = {
  id: 'nn-course-lab:validate',
  description: "The Validate button with the course's per-test summary",
  autoStart: true,
  activate: app => {
    if (!PageConfig.Extension.isDisabled(NBGRADER_VALIDATE)) {
      return; // nbgrader's own button is there
    }
    app.docRegistry.addWidgetExtension('Notebook', {
      createNew: panel => {
        const button = new ValidateButton(panel);
        panel.toolbar.insertItem(toolbarIndex(panel.toolbar), 'nn-course-validate', button);
        return button;
      }
    });
  }
};

const kernelInfoPlugin = {
  id: 'nn-course-lab:kernel-info',
  description: "A notebook stays saved when only the kernel's description of itself changed it",
  autoStart: true,
  activate: app => {
    app.docRegistry.addWidgetExtension('Notebook', {
      createNew: (panel, context) => {
        const model = context.model;
        const onMetadata = (_, change) => {
          // emitted before the change marks the model dirty; a clean model stays clean (a
          // kernel of another name changes the kernelspec too, which still marks it)
          if (change.key === 'language_info' && !model.dirty) {
            void Promise.resolve().then(() => {
              model.dirty = false;
            });
          }
        };
        model.metadataChanged.connect(onMetadata);
        return {
          isDisposed: false,
          dispose() {
            this.isDisposed = true;
            model.metadataChanged.disconnect(onMetadata);
          }
        };
      }
    });
  }
};

export default [validatePlugin, kernelInfoPlugin];
