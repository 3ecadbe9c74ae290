// The optional configuration object a site sets before loading the widget. All keys are optional:
// server (default: where widget.js came from), title, region (US, UK, EU), colors {primary, onPrimary}.
window.IsobotWidgetConfig = {
  colors: { primary: "#0b5cad", onPrimary: "#ffffff" }
};
