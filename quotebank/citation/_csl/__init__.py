"""A CSL 1.0.2 processor: styles, locales, item data, rendering and citation state."""
