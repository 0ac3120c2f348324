import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef } from 'react';
import type { LatLng } from '../api/types.js';
import { t } from '../i18n.js';
import seoul from './seoul.geo.json';
import { SEOUL_CENTER } from './places.js';

export type MarkerKind = 'pickup' | 'destination' | 'taxi' | 'busy-taxi' | 'me' | 'call' | 'dispatched-call';
export type MapMarker = { id: string; at: LatLng; kind: MarkerKind; title: string; draggable?: boolean };

type Props = {
  tilesUrl: string | null;
  markers: MapMarker[];
  onClick?: (at: LatLng) => void;
  onDragEnd?: (id: string, at: LatLng) => void;
  label: string;
};

const GLYPH: Record<MarkerKind, string> = { pickup: 'P', destination: 'D', taxi: '', 'busy-taxi': '', me: '🚕', call: '', 'dispatched-call': '' };

const iconOf = (marker: MapMarker) =>
  L.divIcon({ className: `marker marker-${marker.kind}`, html: `<span aria-hidden="true">${GLYPH[marker.kind]}</span>`, iconSize: marker.kind === 'me' ? [30, 30] : [20, 20] });

/**
 * The service area drawn from the outline shipped with the console, so the map is usable offline;
 * tiles from MAP_TILES_URL go underneath when configured (a tile that fails to load just stays blank).
 */
export const CityMap = ({ tilesUrl, markers, onClick, onDragEnd, label }: Props) => {
  const element = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const layer = useRef<L.LayerGroup | null>(null);
  const handlers = useRef({ onClick, onDragEnd });
  handlers.current = { onClick, onDragEnd };

  useEffect(() => {
    if (!element.current) return;
    const created = L.map(element.current, { center: [SEOUL_CENTER.lat, SEOUL_CENTER.lng], zoom: 11, minZoom: 9, maxZoom: 17, zoomSnap: 0.5 });
    if (tilesUrl) L.tileLayer(tilesUrl, { maxZoom: 19, attribution: 'Map tiles' }).addTo(created);
    const outline = L.geoJSON(seoul as GeoJSON.FeatureCollection, {
      style: (feature) => (feature?.properties?.kind === 'river' ? { className: 'river', weight: 6, color: '#7fb2e5', opacity: 0.8 } : { className: 'area', weight: 2, color: '#5d6b7a', fillColor: '#eef3ea', fillOpacity: tilesUrl ? 0.15 : 0.9 }),
      interactive: false,
    }).addTo(created);
    created.fitBounds(outline.getBounds(), { padding: [8, 8] });
    created.on('click', (event: L.LeafletMouseEvent) => handlers.current.onClick?.({ lat: event.latlng.lat, lng: event.latlng.lng }));
    layer.current = L.layerGroup().addTo(created);
    map.current = created;
    // The map is sized by CSS; Leaflet measures once, so it is told when the layout settles.
    const resize = new ResizeObserver(() => created.invalidateSize());
    resize.observe(element.current);
    return () => {
      resize.disconnect();
      created.remove();
      map.current = null;
    };
  }, [tilesUrl]);

  useEffect(() => {
    const group = layer.current;
    if (!group) return;
    group.clearLayers();
    for (const marker of markers) {
      const interactive = !!marker.draggable;
      const leafletMarker = L.marker([marker.at.lat, marker.at.lng], { icon: iconOf(marker), title: marker.title, draggable: interactive, interactive, keyboard: interactive, zIndexOffset: marker.kind === 'me' ? 1000 : 0 });
      leafletMarker.getElement()?.setAttribute('data-marker', marker.id);
      if (interactive) leafletMarker.on('dragend', () => {
        const at = leafletMarker.getLatLng();
        handlers.current.onDragEnd?.(marker.id, { lat: at.lat, lng: at.lng });
      });
      group.addLayer(leafletMarker);
      leafletMarker.getElement()?.setAttribute('data-marker', marker.id);
      leafletMarker.getElement()?.setAttribute('data-kind', marker.kind);
    }
  }, [markers]);

  return (
    <figure className="map-figure">
      <div ref={element} className="map" role="region" aria-label={label} />
      <figcaption className="legend">
        <span><i className="dot marker-taxi" /> {t('legendFree')}</span>
        <span><i className="dot marker-busy-taxi" /> {t('legendBusy')}</span>
        <span><i className="dot marker-call" /> {t('legendCall')}</span>
      </figcaption>
    </figure>
  );
};
